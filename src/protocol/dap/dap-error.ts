/** A request that cannot be done: answered with `success: false` and this message, never a crash. */
export class DapError extends Error {
  override readonly name = 'DapError'
}
