import type { DebugServerTest, HubMessage, PauseAnnouncement, PauseRelease } from '../shared/debug-server.js'
import type { WorkerDebugServerOptions } from '../shared/worker-options.js'
import { threadId } from 'node:worker_threads'
import { INSPECTOR_CONSOLE_KEY } from '../shared/constants.js'
import { devtoolsUrlFor } from '../shared/debug-server.js'
import { HubClient } from './hub-client.js'
import { delay, monotonicNow } from './real-time.js'

type Inspector = typeof import('node:inspector')

/**
 * This worker's V8 inspector, announced to the main process's hub. Like Vitest's own `--inspect`, it
 * is closed when a test file ends (a worker thread with a debugger attached cannot be terminated) and
 * opened again when a reused worker starts the next file.
 */
export class DebugServer {
  private open = true
  /** Something connected to the inspector (to attach, or to release a wait) and may still be disconnecting. */
  private clientConnected = false

  private constructor(readonly webSocketUrl: string, readonly hub: HubClient, private readonly inspector: Inspector) {}

  get closed(): boolean {
    return !this.open
  }

  static async start(options: WorkerDebugServerOptions, pool: string, file: string | null, hub?: HubClient): Promise<DebugServer> {
    // Loaded here, not at the top: every worker loads this module, few open an inspector.
    const { default: inspector } = await import('node:inspector')
    const poolId = Number(process.env.VITEST_POOL_ID ?? 0)
    const preferred = options.basePort + poolId
    let url = inspector.url()
    if (url === undefined) {
      // Reopening in a reused worker: give its previous port a moment to be free again.
      const port = await freePort(preferred, options.host, hub ? REOPEN_WAIT_MS : 0)
      inspector.open(port, options.host, false)
      url = inspector.url() ?? openOnAnyPort(inspector, options.host)
      if (!hub) {
        // A debugger still attached would keep this worker from exiting at the end of the run.
        process.once('exit', () => inspector.close())
      }
    }
    const preferredPort = new URL(url).port === String(preferred)
    hub ??= await HubClient.connect(options.hub)
    const { hostname, port } = new URL(url)
    const register: Extract<HubMessage, { type: 'register' }> = {
      type: 'register',
      server: {
        poolId,
        pid: process.pid,
        threadId,
        pool,
        project: options.project,
        host: hostname,
        port: Number(port),
        webSocketUrl: url,
        devtoolsUrl: devtoolsUrlFor(url),
        preferredPort,
        file,
        test: null,
      },
    }
    if (options.dap) {
      // The gateway sets its breakpoints before the test file's code runs; it answers at once when no DAP client is connected.
      exposeInspectorConsole(inspector)
      await hub.registerAndWaitUntilReady(register, options.dap.readyTimeout)
    }
    else {
      hub.send(register)
    }
    return new DebugServer(url, hub, inspector)
  }

  /**
   * Disconnects any debugger still attached, so that the worker can end. Node 20 can crash when the
   * inspector closes while a client is disconnecting, which is what follows a resume at a failure or
   * the main process releasing a wait: after a wait the close gives it a moment.
   */
  async close(): Promise<void> {
    if (!this.open) {
      return
    }
    this.open = false
    if (this.clientConnected) {
      await delay(DISCONNECT_GRACE_MS)
    }
    this.inspector.close()
    this.hub.send({ type: 'state', state: 'closed' })
  }

  testStarted(test: DebugServerTest): void {
    this.hub.send({ type: 'test', test })
  }

  /** Resolves once the main process has announced the pause (with whether to wait), or with null after `timeoutMs` without an answer. */
  announcePause(pause: PauseAnnouncement, timeoutMs: number): Promise<{ wait: boolean } | null> {
    return this.hub.announce({ type: 'paused', pause }, timeoutMs)
  }

  /** Blocks this thread until a debugger (or the main process releasing it) sends `Runtime.runIfWaitingForDebugger`. */
  waitForDebugger(): void {
    this.inspector.waitForDebugger()
    this.clientConnected = true
  }

  /** A debugger attached to this worker while it waited at a failure. */
  attached(): void {
    this.hub.send({ type: 'state', state: 'attached' })
  }

  pauseEnded(id: number, release: PauseRelease, reproduced: boolean | null): void {
    this.hub.send({ type: 'resumed', id, release, reproduced })
  }
}

const REOPEN_WAIT_MS = 1_000
const DISCONNECT_GRACE_MS = 500
const RETRY_EVERY_MS = 25

/** The preferred port if it is free (waiting up to `waitMs` for it), otherwise any free port. */
async function freePort(preferred: number, host: string, waitMs: number): Promise<number> {
  const { default: getPort, clearLockedPorts } = await import('get-port')
  const deadline = monotonicNow() + waitMs
  for (;;) {
    // get-port holds back ports it returned before; this worker's own previous port is meant to be reused.
    clearLockedPorts()
    const port = await getPort({ port: preferred, host })
    if (port === preferred || monotonicNow() >= deadline) {
      return port
    }
    await delay(RETRY_EVERY_MS)
  }
}

function openOnAnyPort(inspector: Inspector, host: string): string {
  inspector.open(0, host, false)
  const url = inspector.url()
  if (url === undefined) {
    throw new Error(`vitest-async-debug: could not open the V8 inspector on ${host} in worker ${process.env.VITEST_POOL_ID ?? '?'}.`)
  }
  return url
}

/** Logpoints write here: to the debugger's console only, so Vitest's own output stays as it was. */
function exposeInspectorConsole(inspector: Inspector): void {
  Object.defineProperty(process, Symbol.for(INSPECTOR_CONSOLE_KEY), { value: inspector.console, configurable: true })
}
