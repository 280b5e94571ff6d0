/** Replaces what changes from run to run (durations, times, pids, ms counts) so output can be snapshotted. */
export function normalizeOutput(text: string): string {
  return text
    .replace(/\d+ ms after/g, '<n> ms after')
    .replace(/\d+(\.\d+)?m?s\b/g, '<time>')
    .replace(/Start at {2}[\d:]+/g, 'Start at  <clock>')
    .replace(/\r/g, '')
}

/** The block vitest-async-debug prints after Vitest's output, normalized. */
export function asyncDebugBlock(output: string): string {
  const start = output.indexOf(' ASYNC DEBUG ')
  return start === -1 ? '' : normalizeOutput(output.slice(start)).trimEnd()
}
