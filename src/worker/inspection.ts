import type { FinishedSession, LiveSession, PendingOperation, WorkerInspection, WorkerLedgerView, WorkerSessionsView } from '../shared/dap-extensions.js'
import type { OperationRecord } from '../shared/ledger.js'
import type { WorkerState } from './worker-state.js'
import { INSPECTION_KEY } from '../shared/constants.js'
import { describeOperation } from '../shared/describe-operation.js'

function pendingOperation(operation: OperationRecord): PendingOperation {
  return {
    id: operation.id,
    kind: operation.kind,
    description: describeOperation(operation),
    site: operation.site,
    stack: operation.stack,
    ageMs: operation.ageMs,
    listensTo: operation.listensTo,
    keepsProcessAlive: operation.keepsProcessAlive,
  }
}

function sessionsView(state: WorkerState): WorkerSessionsView {
  const sessions: LiveSession[] = [...state.openSessions].map((session) => {
    const { testId, name, fullName, file, attempt } = session.identity
    return { sessionId: session.id, testId, name, fullName, file, attempt, ...session.live(), pending: state.ledger?.pending(session).map(pendingOperation) ?? [] }
  })
  return { file: state.currentFile, sessions }
}

function ledgerView(state: WorkerState): WorkerLedgerView {
  const sessions: FinishedSession[] = state.finishedInFile.map(record => ({
    sessionId: record.id,
    name: record.name,
    fullName: record.fullName,
    attempt: record.attempt,
    state: record.state,
    leftRunning: record.ledger?.leftRunning ?? [],
    stillClosing: record.ledger?.stillClosing ?? [],
  }))
  return { file: state.currentFile, sessions }
}

/**
 * What a debugger can ask the worker about its tests (the DAP gateway evaluates these through the
 * inspector, also while the worker is paused). Answers are JSON text, so they cross as one value.
 */
export function installInspection(state: WorkerState): void {
  const key = Symbol.for(INSPECTION_KEY)
  if (Object.hasOwn(process, key)) {
    return
  }
  const inspection: WorkerInspection = {
    session: () => JSON.stringify(sessionsView(state)),
    ledger: () => JSON.stringify(ledgerView(state)),
  }
  Object.defineProperty(process, key, { value: inspection, configurable: true })
}
