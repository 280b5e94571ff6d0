import type { UnhandledErrorRecord, UnhandledErrorType } from '../shared/session.js'
import type { WorkerState } from './worker-state.js'
import { describeThrown } from './thrown-value.js'

const observedEvents: Record<string, UnhandledErrorType> = {
  unhandledRejection: 'Unhandled Rejection',
  uncaughtException: 'Uncaught Exception',
}

function recordUnhandledError(state: WorkerState, type: UnhandledErrorType, value: unknown): void {
  const scope = state.storage.getStore()
  const owner = scope?.session ?? null
  const error = describeThrown(value)
  const record: UnhandledErrorRecord = {
    type,
    error,
    owner: owner && { ...owner.ref(), ended: owner.ended, msAfterEnd: owner.msSinceEnd() },
    suiteFile: owner ? null : scope?.suiteFile ?? null,
    operation: scope?.operation ?? null,
    surfacedDuring: [...state.openSessions].filter(session => session !== owner).map(session => session.ref()),
    surfacedWhileCollecting: state.currentFileMeta === null,
  }
  if (owner && !owner.ended) {
    owner.record('unhandled-error', `${type}: ${error.name}: ${error.message}`)
  }
  const records = state.currentFileMeta?.unhandledErrors ?? state.unfiledErrors
  records.push(record)
}

/**
 * Watches `unhandledRejection` and `uncaughtException` by wrapping `process.emit`. A listener would
 * switch off Vitest's own reporting: its handler ignores the event when it is not the only listener.
 */
export function observeUnhandledErrors(state: WorkerState): void {
  if (state.emitObserved) {
    return
  }
  state.emitObserved = true
  const emit = process.emit
  process.emit = function (this: NodeJS.Process, event: string | symbol, ...args: unknown[]) {
    const type = typeof event === 'string' ? observedEvents[event] : undefined
    if (type) {
      try {
        recordUnhandledError(state, type, args[0])
      }
      catch {
        // Observing must never change what happens to the error.
      }
    }
    return (emit as (...all: unknown[]) => boolean).call(this, event, ...args)
  } as typeof process.emit
}
