import type { BlockRecord } from '../shared/blocking.js'
import type { DiagnosisEntry, TestEntry } from '../shared/report.js'
import { blockingHint } from './blocking-hint.js'

function where(block: BlockRecord): string {
  const { site } = block
  return site ? ` in ${site.function ?? '<anonymous>'} (${site.file}:${site.line})` : ''
}

/** "its timer", "its immediate", else "its work": what of an earlier test ran, read from the stack. */
function whatRan(block: BlockRecord): string {
  const frames = block.stack.join('\n')
  if (/\blistOnTimeout\b/.test(frames)) {
    return 'its timer'
  }
  return /\bprocessImmediate\b/.test(frames) ? 'its immediate' : 'work it left running'
}

function entry(block: BlockRecord, attempt: number, message: string): DiagnosisEntry {
  const hint = blockingHint(block)
  return { kind: 'blocked-event-loop', attempt, site: block.site, ...hint ? { hint } : {}, message }
}

/**
 * Each block of at least `warnAt` ms becomes a diagnosis of the test whose code held the thread: the
 * running test's own, or an earlier test's when the watchdog saw that test's work (a timer it left) run.
 */
export function addBlockingDiagnoses(tests: readonly TestEntry[]): void {
  const byId = new Map(tests.map(test => [test.id, test]))
  for (const test of tests) {
    for (const session of test.sessions) {
      for (const block of session.blocking?.blocks ?? []) {
        if (block.owner) {
          const message = `${whatRan(block)} blocked the event loop for ${block.durationMs} ms${where(block)}, during "${test.fullName}", after this test ended.`
          byId.get(block.owner.testId)?.diagnosis.push(entry(block, block.owner.attempt, message.charAt(0).toUpperCase() + message.slice(1)))
          continue
        }
        // A native call that had just returned is said by the hint.
        const unknown = block.note && !block.note.startsWith('a native call') ? ` (${block.note})` : ''
        test.diagnosis.push(entry(block, session.attempt, `Blocked the event loop for ${block.durationMs} ms${where(block)}${unknown}.`))
      }
    }
  }
}
