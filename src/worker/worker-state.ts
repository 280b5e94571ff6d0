import type { LateActivityRecord } from '../shared/ledger.js'
import type { FileMetaData, PluginFault, SessionRecord, UnhandledErrorRecord } from '../shared/session.js'
import type { BlockingMonitor } from './blocking/blocking-monitor.js'
import type { DebugOnFail } from './pause/debug-on-fail.js'
import type { DebugServer } from './debug-server.js'
import type { WorkerMonitor } from './monitor.js'
import type { Ledger } from './ledger/ledger.js'
import type { CapturedStack } from './ledger/stack.js'
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
  /** Inside a call that starts work Node finishes later (built-in fetch): the stack of that call. */
  readonly origin?: CapturedStack
}

export interface WorkerState {
  /** Carried by AsyncLocalStorage, or by the ledger's async hook, which setup enables before any test runs. */
  readonly storage: ScopeStorage
  readonly openSessions: Set<Session>
  /** Meta of the test file whose tests are running; null while a file is being imported. */
  currentFileMeta: FileMetaData | null
  /** That file, relative to the project root. */
  currentFile: string | null
  /** The records of that file's finished test attempts, for a debugger asking what they left running. */
  readonly finishedInFile: SessionRecord[]
  /** Errors seen before a file task was available to carry them. */
  readonly unfiledErrors: UnhandledErrorRecord[]
  /** Late activity seen between files. */
  readonly unfiledLateActivity: LateActivityRecord[]
  /** The plugin's own errors seen between files. */
  readonly unfiledPluginFaults: PluginFault[]
  emitObserved: boolean
  ledger: Ledger | null
  /** Opened once per worker when debug servers are on. */
  debugServer: DebugServer | null
  /** Set with `--debug-on-fail`. */
  debugOnFail: DebugOnFail | null
  /** Opened once per worker while the dashboard runs. */
  monitor: WorkerMonitor | null
  /** The event-loop monitor, unless `blocking: false`. */
  blocking: BlockingMonitor | null
}

const key = Symbol.for(WORKER_STATE_KEY)

type StateHolder = { [key]?: WorkerState }

/**
 * One state per worker, kept on `process`: the runtime module may be evaluated once per test file (vm pools
 * of Vitest 5 give every file its own module graph and globals), and test code loads the public helpers
 * through its own module graph; `process` is the one object all of them share. Non-enumerable, so it does
 * not show in what `process` lists.
 */
export function workerState(): WorkerState {
  const holder = process as StateHolder
  if (!holder[key]) {
    Object.defineProperty(holder, key, {
      value: {
        storage: createScopeStorage(),
        openSessions: new Set(),
        currentFileMeta: null,
        currentFile: null,
        finishedInFile: [],
        unfiledErrors: [],
        unfiledLateActivity: [],
        unfiledPluginFaults: [],
        emitObserved: false,
        ledger: null,
        debugServer: null,
        debugOnFail: null,
        monitor: null,
        blocking: null,
      } satisfies WorkerState,
      configurable: true,
    })
  }
  return holder[key]!
}

export function currentScope(): Scope | undefined {
  return (process as StateHolder)[key]?.storage.getStore()
}
