/** Stable codes for errors users can act on. */
export type AsyncDebugErrorCode = 'ASYNC_DEBUG_INVALID_OPTION' | 'ASYNC_DEBUG_UNKNOWN_OPTION'

export class AsyncDebugError extends Error {
  override name = 'AsyncDebugError'

  constructor(readonly code: AsyncDebugErrorCode, message: string) {
    super(message)
  }
}
