import type { PauseRelease } from './debug-server.js'
import type { SessionBlocking } from './blocking.js'
import type { JsonValue } from './json.js'
import type { AbortRecord, LateActivityRecord, SessionLedger, TeardownRecord, TimeoutForensics } from './ledger.js'
import type { LocalsRecord } from './locals.js'

export type UnhandledErrorType = 'Unhandled Rejection' | 'Uncaught Exception'

/** The worker a session ran in. */
export interface WorkerInfo {
  pid: number
  /** Worker thread id, or null in a child process. */
  threadId: number | null
  /** Vitest's `VITEST_POOL_ID`: a slot from 1 to maxWorkers, reused by later workers. */
  poolId: number | null
  pool: string
}

export type SessionEventKind = 'custom' | 'operation-started' | 'operation-settled' | 'unhandled-error'

export interface SessionEvent {
  /** Milliseconds since the session started. */
  at: number
  kind: SessionEventKind
  name: string
  data?: JsonValue
}

export type SessionState = 'passed' | 'failed' | 'skipped'

/** One test attempt (each retry and repeat is one), as it travels in `task.meta`. */
export interface SessionRecord {
  id: string
  testId: string
  name: string
  fullName: string
  /** Test file, relative to the project root. */
  file: string
  /** 1-based count over every retry and repeat of this test. */
  attempt: number
  retry: number
  repeat: number
  worker: WorkerInfo
  /** Epoch milliseconds. */
  startedAt: number
  endedAt: number
  state: SessionState
  /** What the test recorded with the session API; absent when nothing. */
  events?: SessionEvent[]
  /** Events beyond `maxEventsPerSession`, counted only; absent when none. */
  droppedEvents?: number
  /** Absent when the test set none. */
  metadata?: Record<string, JsonValue>
  /** What the attempt created and left running; absent when the async ledger is off. */
  ledger?: SessionLedger
  /** Present when the attempt timed out: what it was still waiting for. */
  timeout?: TimeoutForensics
  /** Signals that aborted during the attempt. */
  aborts?: AbortRecord[]
  /** Present when the attempt failed and its worker paused for a debugger (`--debug-on-fail`). */
  debug?: DebugRecord
  /** The variables in scope where the attempt failed (`locals: true`); only on a failed last attempt. */
  locals?: LocalsRecord
  /** How long the event loop stalled while the attempt ran; absent when it never stalled for `blocking.countAt` ms. */
  blocking?: SessionBlocking
}

/** A failed attempt's pause for a debugger. */
export interface DebugRecord {
  /** ISO time the worker started waiting. */
  pausedAt: string
  /** Where a debugger could attach. */
  webSocketUrl: string
  /** How the wait ended: a debugger attached, nobody came within `waitTimeout`, or the run was stopped. */
  released: PauseRelease
  /** `rerun`: the test's function ran again for the debugger; `context`: it stopped next to the failure. */
  plan: 'rerun' | 'context'
  /** Whether the debugger stopped on the failing line during the re-run. */
  stoppedAtFailingLine: boolean
  /** Whether the re-run failed the same way; null when nothing was re-run. */
  reproduced: boolean | null
  /** From the pause until the test went on. */
  pausedMs: number
}

export interface ThrownValue {
  name: string
  message: string
  stack: string | null
}

export interface SessionRef {
  sessionId: string
  testId: string
  name: string
  fullName: string
  file: string
  attempt: number
}

/** What a worker saw when an unhandled error was emitted, stored on the file task's meta. */
export interface UnhandledErrorRecord {
  type: UnhandledErrorType
  error: ThrownValue
  /** The session whose async context created the failing work. */
  owner: (SessionRef & { ended: boolean, msAfterEnd: number | null }) | null
  /** When no session owns it: the file whose hooks (beforeAll/afterAll) created the work. */
  suiteFile: string | null
  /** Label of the `track()`ed operation the work was created in. */
  operation: string | null
  /** Other sessions open when the error surfaced. */
  surfacedDuring: SessionRef[]
  /** Whether the worker had started running tests of the current file when it surfaced. */
  surfacedWhileCollecting: boolean
}

export interface TestMetaData {
  sessions: SessionRecord[]
}

export interface FileMetaData {
  worker: WorkerInfo
  unhandledErrors: UnhandledErrorRecord[]
  /** Work of ended sessions that ran while this file's tests were running. */
  lateActivity: LateActivityRecord[]
  /** Handles still open when the file's suite ended. */
  teardown: TeardownRecord[]
  /** Errors of the plugin's own code, caught so the tests ran as they would without it. */
  pluginFaults?: PluginFault[]
}

/** The plugin's own code failed: a bug in the plugin, reported first so no finding rests on it unseen. */
export interface PluginFault {
  /** What the plugin was doing, e.g. "concluding the test's ledger". */
  while: string
  error: ThrownValue
  /** The test whose code was running, when one was. */
  test: SessionRef | null
}
