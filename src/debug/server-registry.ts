import type { DapAddress, DebugServerRecord, HubMessage, HubReply, PauseAnnouncement } from '../shared/debug-server.js'
import type { PauseCoordinator } from './pause-coordinator.js'
import { relative } from 'node:path'
import pc from 'picocolors'
import { devtoolsUrlFor } from '../shared/debug-server.js'
import { writeJsonAtomic } from '../report/write-json.js'

export const SERVERS_FILE_VERSION = 1

/** What `servers.json` holds: the newest debug server of each worker slot (pool id), and the DAP gateway. */
export interface ServersFile {
  version: typeof SERVERS_FILE_VERSION
  /** The Vitest main process. */
  pid: number
  updatedAt: string
  /** The DAP gateway, when it runs: every worker as a thread of one debug session. */
  dap?: DapAddress
  /** The live dashboard, when it runs: its URL carries the run's token. */
  dashboard?: { url: string }
  servers: DebugServerRecord[]
}

/**
 * Who else follows the workers' debug servers (the DAP gateway). `key` is unique per registration:
 * a reused worker registers again, with a new inspector URL, for every test file.
 */
export interface WorkerObserver {
  /** Resolves once the worker may run its test file. */
  registered: (key: number, server: DebugServerRecord) => Promise<void>
  pausedAtFailure: (key: number, pause: PauseAnnouncement) => void
  closed: (key: number) => void
  /** Whether anyone wants a worker to wait at a failure even without `--debug-on-fail`. */
  wantsFailedTestStops: () => boolean
}

const testUpdateDelayMs = 100

/**
 * One line per worker slot: its port is stable, while its process (isolated forks) and WebSocket URL
 * (a new one each time the inspector opens) change from file to file, so those are left to the file.
 */
function serverLine(server: DebugServerRecord, file: string): string {
  const fallback = server.preferredPort ? '' : pc.yellow(' (preferred port taken)')
  return `${pc.cyan('debug server')} ${pc.bold(`${server.host}:${server.port}`)}${fallback} ${server.pool} worker ${server.poolId}  ${pc.dim(`current WebSocket URLs: ${file}`)}`
}

/**
 * Every worker's debug server, kept current from the hub's messages and mirrored to `servers.json`
 * (written atomically) for editors and scripts.
 */
export class ServerRegistry {
  private readonly byConnection = new Map<number, { key: number, server: DebugServerRecord }>()
  private nextKey = 1
  private observer: WorkerObserver | null = null
  private dap: DapAddress | undefined
  private dashboard: { url: string } | undefined
  private readonly latestByPoolId = new Map<number, DebugServerRecord>()
  private readonly announcedPorts = new Map<number, number>()
  private pendingWrite: NodeJS.Timeout | null = null
  private writeFailed = false

  constructor(
    private readonly file: string,
    private readonly log: (line: string) => void,
    private readonly pauses: PauseCoordinator,
    /** `--debug-on-fail`: every final failure waits for a debugger. */
    private readonly alwaysWaitAtFailures: boolean,
  ) {}

  follow(observer: WorkerObserver, dap: DapAddress): void {
    this.observer = observer
    this.dap = dap
    this.write()
  }

  showDashboard(url: string): void {
    this.dashboard = { url }
    this.write()
  }

  servers(): DebugServerRecord[] {
    return [...this.latestByPoolId.values()].sort((a, b) => a.poolId - b.poolId)
  }

  handle(connection: number, message: HubMessage, reply: (reply: HubReply) => void): void {
    if (message.type === 'register') {
      const server: DebugServerRecord = {
        ...message.server,
        devtoolsUrl: devtoolsUrlFor(message.server.webSocketUrl),
        state: 'listening',
        since: new Date().toISOString(),
        pause: null,
      }
      const previous = this.byConnection.get(connection)
      if (previous) {
        this.observer?.closed(previous.key)
      }
      const key = this.nextKey++
      this.byConnection.set(connection, { key, server })
      this.latestByPoolId.set(server.poolId, server)
      if (this.announcedPorts.get(server.poolId) !== server.port) {
        this.announcedPorts.set(server.poolId, server.port)
        this.log(serverLine(server, relative(process.cwd(), this.file) || this.file))
      }
      this.write()
      if (this.observer) {
        void this.observer.registered(key, server).catch(() => {}).then(() => reply({ type: 'ready' }))
      }
      else {
        reply({ type: 'ready' })
      }
      return
    }
    const registration = this.byConnection.get(connection)
    if (!registration) {
      return
    }
    const { key, server } = registration
    switch (message.type) {
      case 'test':
        server.test = message.test
        this.writeSoon()
        return
      case 'state':
        if (message.state === 'attached') {
          this.pauses.stopWaiting(server)
        }
        this.setState(server, message.state)
        if (message.state === 'closed') {
          this.observer?.closed(key)
        }
        return
      case 'paused': {
        const wait = this.alwaysWaitAtFailures || (this.observer?.wantsFailedTestStops() ?? false)
        if (wait) {
          // servers.json and the terminal line come first: the worker blocks as soon as it hears back.
          server.pause = message.pause
          this.setState(server, 'paused')
          this.pauses.paused(server, message.pause)
          this.observer?.pausedAtFailure(key, message.pause)
        }
        reply({ type: 'ack', id: message.pause.id, wait })
        return
      }
      case 'resumed':
        this.pauses.stopWaiting(server)
        server.pause = null
        this.setState(server, 'listening')
    }
  }

  closed(connection: number): void {
    const registration = this.byConnection.get(connection)
    if (registration) {
      const { key, server } = registration
      this.observer?.closed(key)
      this.byConnection.delete(connection)
      this.pauses.stopWaiting(server)
      server.test = null
      server.pause = null
      this.setState(server, 'closed')
    }
  }

  /** At the end of the run every worker is gone, whether or not its hub connection said so. */
  closeAll(): void {
    for (const server of this.latestByPoolId.values()) {
      server.test = null
      server.pause = null
      server.state = 'closed'
    }
    this.write()
  }

  private setState(server: DebugServerRecord, state: DebugServerRecord['state']): void {
    if (server.state !== state) {
      server.state = state
      server.since = new Date().toISOString()
      this.write()
    }
  }

  private writeSoon(): void {
    this.pendingWrite ??= setTimeout(() => this.write(), testUpdateDelayMs).unref()
  }

  /** Writes `servers.json` now; a write that fails is reported once and does not fail the run. */
  write(): void {
    if (this.pendingWrite) {
      clearTimeout(this.pendingWrite)
      this.pendingWrite = null
    }
    const problem = writeServersFile(this.file, { ...this.dap ? { dap: this.dap } : {}, ...this.dashboard ? { dashboard: this.dashboard } : {}, servers: this.servers() })
    if (problem && !this.writeFailed) {
      this.writeFailed = true
      this.log(`${pc.yellow('vitest-async-debug')}: could not write ${this.file} (${problem}); the servers still run. Make the folder writable to get the file.`)
    }
  }
}

/** Writes `servers.json`; what went wrong when it could not, or null. */
export function writeServersFile(file: string, contents: Omit<ServersFile, 'version' | 'pid' | 'updatedAt'>): string | null {
  try {
    writeJsonAtomic(file, { version: SERVERS_FILE_VERSION, pid: process.pid, updatedAt: new Date().toISOString(), ...contents } satisfies ServersFile)
    return null
  }
  catch (error) {
    return (error as NodeJS.ErrnoException).code ?? (error as Error).message
  }
}
