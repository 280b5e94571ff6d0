import type { LateActivityRecord } from '../shared/ledger.js'
import type { FileMetaData, UnhandledErrorRecord } from '../shared/session.js'
import type { DebugOnFail } from './pause/debug-on-fail.js'
import type { DebugServer } from './debug-server.js'
import type { Ledger } from './ledger/ledger.js'
import type { ScopeStorage } from './scope-storage.js'
import { createScopeStorage } from './scope-storage.js'
import type { Session } from './session.js'
import { WORKER_STATE_KEY } from '../shared/constants.js'

/** The async context of running code. Scopes are immutable: nest by creating a new one. */
export interface Scope {
  readonly session: Session | null
  /** Test file whose suite-level code (beforeAll, afterAll) is running. */
  readonly suiteFile: string | null
  readonly operation: string | null
}

export interface WorkerState {
  /** Carried by AsyncLocalStorage, or by the ledger's async hook, which setup enables before any test runs. */
  readonly storage: ScopeStorage
  readonly openSessions: Set<Session>
  /** Meta of the test file whose tests are running; null while a file is being imported. */
  currentFileMeta: FileMetaData | null
  /** That file, relative to the project root. */
  currentFile: string | null
  /** Errors seen before a file task was available to carry them. */
  readonly unfiledErrors: UnhandledErrorRecord[]
  /** Late activity seen between files. */
  readonly unfiledLateActivity: LateActivityRecord[]
  emitObserved: boolean
  ledger: Ledger | null
  /** Opened once per worker when debug servers are on. */
  debugServer: DebugServer | null
  /** Set with `--debug-on-fail`. */
  debugOnFail: DebugOnFail | null
}

const key = Symbol.for(WORKER_STATE_KEY)

/**
 * One state per worker, kept on `globalThis`: Vitest may evaluate the setup file once per test file
 * (`isolate: false`), and test code may load the public helpers through another module graph.
 */
export function workerState(): WorkerState {
  const holder = globalThis as { [key]?: WorkerState }
  holder[key] ??= {
    storage: createScopeStorage(),
    openSessions: new Set(),
    currentFileMeta: null,
    currentFile: null,
    unfiledErrors: [],
    unfiledLateActivity: [],
    emitObserved: false,
    ledger: null,
    debugServer: null,
    debugOnFail: null,
  }
  return holder[key]
}

export function currentScope(): Scope | undefined {
  const holder = globalThis as { [key]?: WorkerState }
  return holder[key]?.storage.getStore()
}
