import { parseFrame } from '../ledger/stack.js'

/** Where a failure happened in the test file: its stack's first frame there, as `line:column`; null when the stack never passes through it. */
export function failureSite(stack: string | null | undefined, testFile: string): string | null {
  for (const line of (stack ?? '').split('\n')) {
    const frame = parseFrame(line)
    if (frame?.file === testFile) {
      return `${frame.line}:${frame.column}`
    }
  }
  return null
}

export interface ThrownSummary {
  message: string
  stack: string
}

/** Whether a value thrown during the re-run is the failure being debugged: same place in the test file, or (without one) the same message. */
export function isSameFailure(thrown: ThrownSummary, failure: { message: string, site: string | null }, testFile: string): boolean {
  const site = failureSite(thrown.stack, testFile)
  return failure.site !== null ? site === failure.site : thrown.message === failure.message
}
