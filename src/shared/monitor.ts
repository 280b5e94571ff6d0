import type { RunningTest, WorkerSample } from './page-data.js'

/** Sent on the dashboard's hub by each worker: `hello` first, then samples and the test it runs. */
export type MonitorMessage =
  | { type: 'hello', worker: MonitoredWorker }
  | { type: 'sample', sample: WorkerSample, file: string | null }
  | { type: 'running', test: RunningTest | null }

export interface MonitoredWorker {
  pid: number
  /** 0 in a child process. */
  threadId: number
  poolId: number | null
  pool: string
  project: string
  file: string | null
}

export const MONITOR_MESSAGE_TYPES: ReadonlySet<string> = new Set<MonitorMessage['type']>(['hello', 'sample', 'running'])

/** How often a worker samples itself while the dashboard runs: "a few times a second at most". */
export const MONITOR_INTERVAL_MS = 500
