import type { BlockRecord } from '../../../../shared/blocking.js'
import type { TestEntry } from '../../../../shared/report.js'
import type { WorkerInfo } from '../../../../shared/session.js'
import { workerSlotKey } from '../../../../shared/worker-slot.js'

/** One event-loop block, with the worker it stalled and the test that was running then. */
export interface WorkerBlock {
  block: BlockRecord
  worker: WorkerInfo
  /** The test that was running; `block.owner` names an earlier test when its code held the thread. */
  test: TestEntry
  attempt: number
  /** Epoch ms the block began. */
  startedAt: number
}

/** The blocks of every session, by the worker slot that ran it (as the dashboard keys its workers), in time order. */
export function blocksBySlot(tests: readonly TestEntry[]): Map<string, WorkerBlock[]> {
  const bySlot = new Map<string, WorkerBlock[]>()
  for (const test of tests) {
    for (const session of test.sessions) {
      for (const block of session.blocking?.blocks ?? []) {
        const slot = workerSlotKey(session.worker)
        const list = bySlot.get(slot) ?? []
        list.push({ block, worker: session.worker, test, attempt: session.attempt, startedAt: session.startedAt + block.at })
        bySlot.set(slot, list)
      }
    }
  }
  for (const list of bySlot.values()) {
    list.sort((a, b) => a.startedAt - b.startedAt)
  }
  return bySlot
}
