/**
 * The DAP gateway's own requests and events, beside the standard ones: a test's async state, which
 * editors and the DebugClient ask for by name.
 */
import type { JsonValue } from './json.js'
import type { OperationRecord } from './ledger.js'
import type { SessionEvent, SessionRecord, SessionState } from './session.js'

/** `vitestAsyncDebug/session`: the test sessions running on a thread right now. */
export const SESSION_REQUEST = 'vitestAsyncDebug/session'
/** `vitestAsyncDebug/ledger`: what the finished tests of the thread's current file left running. */
export const LEDGER_REQUEST = 'vitestAsyncDebug/ledger'
/** `vitestAsyncDebug/testFinished`: a test's result and diagnosis, as each test ends. */
export const TEST_FINISHED_EVENT = 'vitestAsyncDebug/testFinished'

export interface ThreadArguments {
  threadId: number
}

/** An operation a running test is waiting on. */
export interface PendingOperation {
  id: number
  kind: OperationRecord['kind']
  /** One line: what it is and where it was created. */
  description: string
  /** Creation site in the original (TypeScript) source, relative to the project root. */
  site: OperationRecord['site']
  stack: string[]
  ageMs: number
  /** Whether it listens to the test's AbortSignal (`context.signal`), to another signal, or to none. */
  listensTo: OperationRecord['listensTo']
  keepsProcessAlive: boolean
}

/** A test session that is still running, as the worker sees it now. */
export interface LiveSession {
  sessionId: string
  testId: string
  name: string
  fullName: string
  file: string
  attempt: number
  /** Epoch milliseconds. */
  startedAt: number
  elapsedMs: number
  events: SessionEvent[]
  metadata: Record<string, JsonValue>
  pending: PendingOperation[]
}

export interface SessionResponseBody {
  threadId: number
  /** Test file the thread runs, relative to the project root; null between files. */
  file: string | null
  /** Usually one; several when tests of the file run concurrently; none between tests. */
  sessions: LiveSession[]
}

/** A finished test of the current file and what it left running when it ended. */
export interface FinishedSession {
  sessionId: string
  name: string
  fullName: string
  attempt: number
  state: SessionState
  leftRunning: OperationRecord[]
  stillClosing: OperationRecord[]
}

export interface LedgerResponseBody {
  threadId: number
  file: string | null
  sessions: FinishedSession[]
}

export interface TestFinishedEventBody {
  /** The thread that ran it, when the gateway knows; null otherwise. */
  threadId: number | null
  test: { id: string, name: string, fullName: string, file: string }
  state: 'passed' | 'failed' | 'skipped'
  durationMs: number | null
  errors: string[]
  /** One line per finding of the plugin (left running, late activity, timeouts, aborts). */
  diagnosis: string[]
}

/** What the worker's inspection hook (on `process`, under `Symbol.for(INSPECTION_KEY)`) returns, as JSON text. */
export interface WorkerInspection {
  session: () => string
  ledger: () => string
}

export type WorkerSessionsView = Omit<SessionResponseBody, 'threadId'>
export type WorkerLedgerView = Omit<LedgerResponseBody, 'threadId'>

/** Kept for the ledger request: a finished session's record. */
export type FinishedRecord = Pick<SessionRecord, 'id' | 'name' | 'fullName' | 'attempt' | 'state' | 'ledger'>
