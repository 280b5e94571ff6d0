import type { TimeoutForensics, TimeoutRerun } from '../shared/ledger.js'
import type { FileMetaData, TestMetaData } from '../shared/session.js'
import type { ErrorEntry, FileState, TestState } from '../shared/report.js'

/** Plain data the report model is built from (no Vitest objects), so the model stays pure. */
export interface TestInput {
  id: string
  name: string
  fullName: string
  state: TestState
  durationMs: number | null
  flaky: boolean
  errors: ErrorEntry[]
  meta: TestMetaData | undefined
  /** What re-running the test after a timeout found (see timeout-rerun.ts). */
  rerun?: { rerun: TimeoutRerun, timeout: TimeoutForensics | null }
}

export interface ModuleInput {
  /** Relative to the root. */
  file: string
  project: string
  state: FileState
  durationMs: number | null
  errors: ErrorEntry[]
  meta: FileMetaData | undefined
  tests: TestInput[]
}

/** An unhandled error as Vitest hands it to reporters (serialized in the worker). */
export interface VitestErrorInput {
  type?: string
  name?: string
  message?: unknown
  stack?: unknown
  VITEST_TEST_NAME?: string
  VITEST_TEST_PATH?: string
  cause?: unknown
}
