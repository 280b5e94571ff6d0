import type { DapAddress, DebugServerRecord } from './debug-server.js'
import type { LateActivityRecord, SourceSite, TeardownRecord } from './ledger.js'
import type { PluginFault, SessionRecord, SessionRef, UnhandledErrorType, WorkerInfo } from './session.js'

export const REPORT_SCHEMA_VERSION = 7

export type TestState = 'passed' | 'failed' | 'skipped' | 'pending'
export type FileState = 'passed' | 'failed' | 'skipped' | 'pending' | 'queued'

export interface AsyncDebugReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION
  generator: { name: string, version: string }
  run: RunInfo
  environment: EnvironmentInfo
  summary: ReportSummary
  files: FileEntry[]
  tests: TestEntry[]
  unhandledErrors: UnhandledErrorEntry[]
  /** Work of tests that ran after the test that created it had ended. */
  lateActivity: LateActivityRecord[]
  /** The workers' debug servers (the newest per worker slot; empty when off) and the DAP gateway (null when off). */
  debugServers: { workers: DebugServerRecord[], dap: DapAddress | null }
  /** Errors of the plugin's own code, caught so that tests ran as without it: each one is a bug in the plugin. */
  pluginFaults: PluginFaultEntry[]
  /** The reports a merged report was made of, in shard order; empty for the report of one run. */
  shards: ShardEntry[]
}

/** One report a merged report was made of: how that run went, where, and its counts. */
export interface ShardEntry {
  /** Base name of the report file that was merged. */
  source: string
  shard: RunInfo['shard']
  run: RunInfo
  environment: EnvironmentInfo
  summary: ReportSummary
}

/** One attempt of a test in the report: its session record without what the test entry already says. */
export type TestSession = Omit<SessionRecord, 'testId' | 'name' | 'fullName' | 'file'>

export interface PluginFaultEntry extends PluginFault {
  /** The test file that was running, relative to the project root. */
  file: string
}

export type EndedEarlyReason = 'signal' | 'bail' | 'cancelled' | 'process-exit' | 'worker-crash'

export interface RunInfo {
  /** ISO timestamps. */
  startedAt: string
  finishedAt: string
  durationMs: number
  status: 'passed' | 'failed' | 'interrupted'
  /** False when the run ended before every test had run. */
  complete: boolean
  endedEarly: { reason: EndedEarlyReason, detail: string } | null
  /** Known only when the report was written as the process exited. */
  exitCode: number | null
  /** Built by `vitest --merge-reports` from blob reports, or by `vitest-async-debug merge` from shard reports. */
  merged: boolean
  shard: { index: number, count: number } | null
}

export interface EnvironmentCheck {
  id: string
  ok: boolean
  detail: string
}

export interface EnvironmentInfo {
  /** The suite: the `name` in the package.json of the Vitest root, else the root folder's name. Tells shards of one suite from reports of another. */
  suite: string
  node: string
  vitest: string
  plugin: string
  os: { platform: string, release: string, arch: string }
  projects: { name: string, pool: string, isolate: boolean, maxWorkers: number }[]
  /** Workers Vitest runs at once: configured, or its default from the CPU count. */
  maxWorkers: number
  options: Record<string, unknown>
  checks: EnvironmentCheck[]
}

export interface ReportSummary {
  files: number
  tests: number
  passed: number
  failed: number
  skipped: number
  pending: number
  flaky: number
  testsWithDiagnosis: number
  /** Tests whose last attempt left work running. */
  testsThatLeftWorkRunning: number
  /** Tests with work that ran after they ended. */
  testsWithLateActivity: number
  timedOut: number
  unhandledErrors: number
  unhandledErrorsAttributedToTests: number
  /** Unhandled errors that Vitest blamed on a test other than the one that caused them. */
  unhandledErrorsMisattributedByVitest: number
}

export interface ErrorEntry {
  name: string
  message: string
  stack: string | null
  /** Present when the message or stack was cut to the report's limits (see `errorTextLimits`). */
  truncated?: true
}

/** The longest message and stack an error keeps in the report; the rest is cut and marked. */
export const errorTextLimits = { message: 10_000, stack: 20_000 } as const

export interface FileEntry {
  file: string
  project: string
  state: FileState
  durationMs: number | null
  worker: WorkerInfo | null
  errors: ErrorEntry[]
  /** Handles still open when the file's tests had all run, with the test (or hook, or module code) that opened each. */
  teardown: TeardownRecord[]
}

/**
 * - `unhandled-error`: this test caused an unhandled error.
 * - `blamed-by-vitest`: Vitest named this test for an unhandled error that another test (or no test) caused.
 * - `timed-out`: what the test was still waiting for when it timed out.
 * - `left-running`: work the test started was still running when it ended.
 * - `late-activity`: work the test started ran after it ended.
 * - `received-late-activity`: work of an earlier test ran while this test was running.
 * - `abort-crossed-tests`: an AbortSignal created in one test was aborted in another.
 * - `abort-ignored`: the test aborted a signal that pending work did not react to.
 * - `open-at-file-end`: a handle the test opened was still open when its file ended.
 * - `blocked-event-loop`: the test's code kept the event loop from turning for at least `blocking.warnAt` ms.
 */
export type DiagnosisKind =
  | 'unhandled-error'
  | 'blamed-by-vitest'
  | 'timed-out'
  | 'left-running'
  | 'late-activity'
  | 'received-late-activity'
  | 'abort-crossed-tests'
  | 'abort-ignored'
  | 'open-at-file-end'
  | 'still-closing'
  | 'blocked-event-loop'

export interface DiagnosisEntry {
  kind: DiagnosisKind
  message: string
  /** Index into `unhandledErrors`. */
  unhandledError?: number
  /** Index into `lateActivity`. */
  lateActivity?: number
  /** The session (attempt, 1-based) the diagnosis comes from. */
  attempt?: number
  /** Where to look first. */
  site?: SourceSite | null
  /** Deno-style advice for the kind of work involved. */
  hint?: string
}

export interface TestEntry {
  id: string
  file: string
  project: string
  name: string
  fullName: string
  state: TestState
  durationMs: number | null
  flaky: boolean
  attempts: number
  errors: ErrorEntry[]
  /** Its attempts; the test's id, names and file are the entry's own. */
  sessions: TestSession[]
  diagnosis: DiagnosisEntry[]
}

export type ErrorPhase = 'during-test' | 'after-test'

export interface TestAttribution {
  status: 'test'
  test: SessionRef
  phase: ErrorPhase
  msAfterTestEnded: number | null
  surfacedDuring: SessionRef[]
  operation: string | null
  /** Whether Vitest's "latest test that might have caused it" names the same test. */
  vitestAgrees: boolean
  explanation: string
}

export type NoTestReason = 'suite-hook' | 'outside-tests' | 'not-observed' | 'worker-crash'

export interface NoTestAttribution {
  status: 'no-test'
  reason: NoTestReason
  file: string | null
  explanation: string
}

export interface UnhandledErrorEntry {
  type: UnhandledErrorType | string
  name: string
  message: string
  stack: string | null
  /** Test file that was running when the error surfaced, as Vitest saw it. */
  surfacedIn: string | null
  /** The test Vitest named as "the latest test that might have caused the error". */
  vitestBlamed: string | null
  attribution: TestAttribution | NoTestAttribution
}
