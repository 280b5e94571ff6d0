import type { SessionRef } from './session.js'

export const OPERATION_KINDS = [
  'promise',
  'timeout',
  'interval',
  'immediate',
  'socket',
  'server',
  'child-process',
  'file-handle',
  'watcher',
  'request',
  'worker',
  'other',
] as const

/** What a tracked async resource is, in the words a test author uses. */
export type OperationKind = typeof OPERATION_KINDS[number]

/** A position in the original source (TypeScript through Vitest's source maps), relative to the project root. */
export interface SourceSite {
  file: string
  line: number
  column: number
  /** Function at that position, when the stack names one. */
  function: string | null
}

/** An async resource a session created, as seen when it was checked. */
export interface OperationRecord {
  /** The async_hooks id; unique within one worker. */
  id: number
  kind: OperationKind
  /** The async_hooks resource type, e.g. `Timeout`, `TCPWRAP`, `PROMISE`. */
  type: string
  /** First frame in project code (not node_modules, not Node internals); null when not captured. */
  site: SourceSite | null
  /** Source-mapped frames from the creation stack, innermost first, without Node internals. */
  stack: string[]
  /** Milliseconds between creation and the check. */
  ageMs: number
  /** A ref'd handle keeps the worker's event loop alive; a pending promise or unref'd handle does not. */
  keepsProcessAlive: boolean
  /** Callbacks seen while the plugin watched it: a request's or child process's completion, and work left running after its test. */
  callbacks: number
  /** Sockets: bytes read so far; null for anything else. */
  bytesRead: number | null
  /** Whether it registered a listener on an AbortSignal, and on which. */
  listensTo: 'test-signal' | 'other-signal' | null
  /** Deno-style: what usually causes this and how to fix it. */
  hint: string
}

export type LateEventKind = 'callback' | 'promise-settled'

/** Work a session created that ran after the session ended. */
export interface LateActivityRecord {
  owner: SessionRef
  operation: Pick<OperationRecord, 'id' | 'kind' | 'type' | 'site' | 'stack'>
  event: LateEventKind
  /** How many times this happened for this operation (callbacks of an interval, for example). */
  count: number
  /** Milliseconds after the owner ended, at the first occurrence. */
  msAfterEnd: number
  /** The session that was running when it happened; null between tests. */
  during: SessionRef | null
  /** Test file running in the worker when it happened, relative to the project root. */
  duringFile: string | null
}

/** Per-session ledger, carried in the session record. Empty lists and zero counts are left out. */
export interface SessionLedger {
  /** Resources created in the session, by kind (counted even when not kept). */
  created: Partial<Record<OperationKind, number>>
  /** Resources created but not kept because the session reached its cap; absent when none. */
  dropped?: number
  /** Promises of the session that had not settled when it ended; present only when promises are tracked one by one (`stackCapture: 'full'`). */
  pendingPromises?: number
  /** Still alive when the session ended, most relevant first; absent when nothing was. */
  leftRunning?: OperationRecord[]
  /** Further leftovers beyond the listed ones; absent when none. */
  notListed?: number
  /**
   * Every leftover, listed or not, by kind; absent when nothing was left. Only what the ledger followed:
   * when `dropped` is above zero, more of what the session created may still be running.
   */
  leftRunningByKind?: Partial<Record<OperationKind, number>>
  /**
   * Work the session asked to end (destroyed, closed, ended, killed) that had still not finished a bounded
   * moment after the session ended: not left running, but not gone either. Absent when there is none.
   */
  stillClosing?: OperationRecord[]
}

export type AbortOutcome = 'became-test-failure' | 'swallowed' | 'ignored-by-pending-work' | 'handled'

/** One AbortSignal that aborted while a session ran, or that a session's controller owned. */
export interface AbortRecord {
  /** `controller` (AbortController.abort), `timeout` (AbortSignal.timeout), `any` (AbortSignal.any), `test-signal` (Vitest's per-test signal). */
  source: 'controller' | 'timeout' | 'any' | 'test-signal'
  reason: { name: string, message: string }
  /** Where `abort()` was called (null for `AbortSignal.timeout` and signals aborted by a dependency). */
  abortSite: SourceSite | null
  /** Milliseconds after the aborting session started. */
  at: number
  createdBy: SessionRef | null
  abortedBy: SessionRef | null
  /** Created in one test's session and aborted in another's (the counterpart of a cancel scope exited in another task). */
  crossesSessions: boolean
  listeners: Array<{ site: SourceSite | null, machinery: boolean }>
  /** Operations the aborting session still had pending when the session ended, though they were pending at the abort. */
  ignoredBy: OperationRecord[]
  outcome: AbortOutcome
}

/** The timed-out test run once more, alone, with a creation stack for every promise. */
export interface TimeoutRerun {
  outcome: 'timed-out-again' | 'passed' | 'failed' | 'could-not-run'
  durationMs: number
  detail: string
}

/** What a timed-out test was still waiting for. */
export interface TimeoutForensics {
  /** The innermost pending await in project code, when promise creation sites were captured. */
  awaiting: { function: string | null, site: SourceSite } | null
  /** The handle the awaited work most likely waits on. */
  waitingOn: OperationRecord | null
  /** Every pending operation the test owned at the timeout, most relevant first. */
  pending: OperationRecord[]
  /** How the creation sites of promises were obtained. */
  capture: 'full' | 'rerun' | 'handles-only'
  /** One sentence a reader sees next to the timeout error. */
  summary: string
  /** Set when promise sites were missing and the test was re-run to find them. */
  rerun: TimeoutRerun | null
}

/** Handles still alive when a test file ended, with the test that created each. */
export interface TeardownRecord {
  owner: SessionRef | null
  /** `beforeAll`/`afterAll` or module code of the file, when no test owns it. */
  ownerScope: 'test' | 'suite-hook' | 'module'
  operation: OperationRecord
}
