/** Where a worker's V8 inspector is in its life; `paused` means paused at a test failure, waiting for a debugger. */
export type DebugServerState = 'listening' | 'attached' | 'paused' | 'closed'

/** The test a worker is running, as shown next to its debug server. */
export interface DebugServerTest {
  name: string
  fullName: string
  file: string
}

/** One worker's debug server, as the registry keeps it and `servers.json` and the report show it. */
export interface DebugServerRecord {
  /** Vitest's pool id (1..maxWorkers), which picks the preferred port: `basePort + poolId`. */
  poolId: number
  pid: number
  /** 0 for a forked process, the worker thread's id otherwise. */
  threadId: number
  pool: string
  project: string
  host: string
  port: number
  webSocketUrl: string
  /** Opens Chrome DevTools on this worker (paste it into Chrome's address bar). */
  devtoolsUrl: string
  /** Whether the preferred port was free; otherwise the server took any free port. */
  preferredPort: boolean
  state: DebugServerState
  /** Test file the worker runs, relative to the project root. */
  file: string | null
  test: DebugServerTest | null
  /** Set while the worker is paused at a failure. */
  pause: PauseAnnouncement | null
  /** ISO time of the last state change. */
  since: string
}

/** A worker about to wait for a debugger at a failed test. */
export interface PauseAnnouncement {
  /** Unique within the worker. */
  id: number
  test: DebugServerTest
  /** First line of the failure. */
  failure: string
  /** `rerun`: once attached, the test's function runs again and stops where it fails; `context`: it stops next to the failure (timeouts). */
  plan: 'rerun' | 'context'
  waitTimeoutMs: number
  /** ISO time. */
  since: string
}

/** How a pause at a failure ended: a debugger attached, nobody did within `waitTimeout`, or the run was stopped. */
export type PauseRelease = 'debugger' | 'timeout' | 'interrupted'

/** What a worker tells the hub. The first message on a connection must be `register`. */
export type HubMessage =
  | { type: 'register', server: Omit<DebugServerRecord, 'state' | 'since' | 'pause'> }
  | { type: 'test', test: DebugServerTest | null }
  | { type: 'state', state: DebugServerState }
  /** Answered with an `ack` once announced: only then does the worker block. */
  | { type: 'paused', pause: PauseAnnouncement }
  | { type: 'resumed', id: number, release: PauseRelease, reproduced: boolean | null }

/**
 * What the hub answers: `ack` once a pause is announced (`wait`: whether anyone wants the worker to
 * wait for a debugger), `ready` once the DAP gateway has set its breakpoints in a worker that registered.
 */
export type HubReply =
  | { type: 'ack', id: number, wait: boolean }
  | { type: 'ready' }

/** Where the DAP gateway listens. */
export interface DapAddress {
  host: string
  port: number
}

/** The hub's address and per-run token, handed to workers through `provide`. */
export interface HubAddress {
  url: string
  token: string
}

export function devtoolsUrlFor(webSocketUrl: string): string {
  return `devtools://devtools/bundled/js_app.html?experiments=true&v8only=true&ws=${webSocketUrl.replace(/^ws:\/\//, '')}`
}
