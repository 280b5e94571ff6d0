import type { HubAddress } from './debug-server.js'
import type { MonitorAddress } from './monitor.js'
import type { OperationKind } from './ledger.js'

/** `cheap`: creation stacks for handles, promises counted; `full`: stacks for promises too; `off`: none. */
export type StackCapture = 'cheap' | 'full' | 'off'

/** What happens to work a test leaves running or that runs after it ended. */
export type LeakPolicy = 'off' | 'warn' | 'error'

/** What the main process tells each worker, through `provide`. Must stay structured-clone safe. */
export interface WorkerOptions {
  /** Project root: session file paths are made relative to it. */
  root: string
  /** Pool the project runs in (`forks`, `threads`, …). */
  pool: string
  maxEventsPerSession: number
  leaks: LeakPolicy
  stackCapture: StackCapture
  maxOperationsPerSession: number
  ignoreKinds: OperationKind[]
  /** Operations whose creation stack passes through a file containing one of these are ignored. */
  ignorePaths: string[]
  /** Set when workers open debug servers. */
  debugServer: WorkerDebugServerOptions | null
  /** Set with `--debug-on-fail` (never in CI unless allowed), or with the DAP gateway, whose clients may ask for the same stop. */
  debugOnFail: { waitTimeout: number, always: boolean } | null
  /** Set when the dashboard runs: each worker reports its test and samples of its CPU, memory and event-loop delay there. */
  monitor: { address: MonitorAddress, project: string, intervalMs: number } | null
  /** Set with `locals: true` or `--show-locals`: a failed last attempt records its variables, at most `maxBytes` of text. */
  locals: { maxBytes: number } | null
  /** Set unless `blocking: false`: the event-loop monitor's thresholds, in ms (`failAt` 0: never fail). */
  blocking: WorkerBlockingOptions | null
}

export interface WorkerBlockingOptions {
  countAt: number
  warnAt: number
  failAt: number
  watchdog: BlockingWatchdog
}

/** When a worker starts the thread that reads a blocked thread's stack: from the start, after its first block, or never. */
export type BlockingWatchdog = 'always' | 'after-first-block' | 'off'

export interface WorkerDebugServerOptions {
  host: string
  basePort: number
  project: string
  hub: HubAddress
  /** Set when the DAP gateway runs: a worker waits, at most `readyTimeout` ms, for it to set breakpoints before the test file's code runs. */
  dap: { readyTimeout: number } | null
}
