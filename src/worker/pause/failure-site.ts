import { parseFrame } from '../ledger/stack.js'

/** A place in the original source: 1-based line and column, as stack traces print them. */
export interface SourcePosition {
  line: number
  column: number
}

/** Where a failure happened in the test file: its stack's first frame there; null when the stack never passes through it. */
export function failureSite(stack: string | null | undefined, testFile: string): SourcePosition | null {
  for (const line of (stack ?? '').split('\n')) {
    const frame = parseFrame(line)
    if (frame?.file === testFile) {
      return { line: frame.line, column: frame.column }
    }
  }
  return null
}

/** Whether an error of the re-run is the failure being debugged: same place in the test file, or (without one) the same message. */
export function isSameFailure(error: { message?: unknown, stack?: unknown } | undefined, failure: { message: string, site: SourcePosition | null }, testFile: string): boolean {
  if (!error) {
    return false
  }
  const site = failureSite(typeof error.stack === 'string' ? error.stack : null, testFile)
  return failure.site !== null
    ? site?.line === failure.site.line && site.column === failure.site.column
    : error.message === failure.message
}
