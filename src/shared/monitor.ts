import type { RunningTest, WorkerSample } from './page-data.js'

/** Sent by each worker to the dashboard, one JSON object per line: `hello` first, then samples and the test it runs. */
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

/**
 * Where workers send monitor messages: a loopback TCP port. The first line of a connection is the
 * token; a plain socket costs a worker nothing to load, where a WebSocket client would cost every isolated fork.
 */
export interface MonitorAddress {
  port: number
  token: string
}

export const MONITOR_MESSAGE_TYPES: ReadonlySet<string> = new Set<MonitorMessage['type']>(['hello', 'sample', 'running'])

/** How often a worker samples itself while the dashboard runs: "a few times a second at most". */
export const MONITOR_INTERVAL_MS = 500

/** A line longer than this ends the connection: no monitor message comes near it. */
export const MONITOR_MAX_LINE = 64 * 1024
