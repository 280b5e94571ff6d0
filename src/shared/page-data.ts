import type { AsyncDebugReport } from './report.js'

/**
 * What the page (live dashboard and HTML report, one client) shows. The HTML report embeds one
 * (gzip, base64); the dashboard sends one as its first event and `PagePatch`es after it.
 */
export interface PageData {
  mode: 'report' | 'live'
  /** Live: whether the run is still going (a report is always `finished`). */
  progress: 'running' | 'finished'
  report: AsyncDebugReport
  /** Absolute project root: report paths are relative to it. */
  root: string
  /** Editor link for a site: `{file}` (absolute path), `{line}` and `{column}` are replaced. */
  editorLink: string
  /** Lines of source around the sites the report names: file (relative to the root) → line number → text. */
  sources: Record<string, Record<number, string>>
  /** Workers seen by the dashboard, newest sample last; empty in a report written without it. */
  workers: WorkerView[]
  /** Tests started and not finished yet (live only). */
  running: RunningTest[]
}

export type WorkerViewState = 'running' | 'paused' | 'attached' | 'closed'

export interface WorkerView {
  /** `pid` or `pid:threadId`: unique within a run. */
  key: string
  pid: number
  threadId: number | null
  poolId: number | null
  pool: string
  project: string
  state: WorkerViewState
  /** Test file it runs, relative to the root. */
  file: string | null
  test: RunningTest | null
  debugServer: { webSocketUrl: string, devtoolsUrl: string } | null
  samples: WorkerSample[]
}

/** What a worker measured about itself over the last interval. */
export interface WorkerSample {
  /** Epoch ms. */
  at: number
  /** CPU time over wall time since the previous sample, in percent of one core. */
  cpuPercent: number
  rssBytes: number
  heapUsedBytes: number
  /** Longest event-loop delay seen in the interval. */
  eventLoopDelayMaxMs: number
}

export interface RunningTest {
  id: string
  name: string
  fullName: string
  file: string
  /** Epoch ms. */
  startedAt: number
}

/**
 * A dashboard update. `tests` are entries added or changed since the last patch (matched by id);
 * `workers` replace the listed workers, whose `samples` hold only the new samples.
 */
export interface PagePatch {
  progress: PageData['progress']
  report: Omit<AsyncDebugReport, 'tests'>
  tests: AsyncDebugReport['tests']
  workers: WorkerView[]
  running: RunningTest[]
  sources: PageData['sources']
}

/** Server-Sent Events the dashboard sends: `snapshot` (a whole PageData: on connect and when a new run starts) and `patch`. */
export type PageEventName = 'snapshot' | 'patch'
