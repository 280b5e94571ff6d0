import type { DebugServerTest, PauseAnnouncement, PauseRelease } from '../shared/debug-server.js'
import type { WorkerDebugServerOptions } from '../shared/worker-options.js'
import inspector from 'node:inspector'
import { threadId } from 'node:worker_threads'
import { devtoolsUrlFor } from '../shared/debug-server.js'
import { HubClient } from './hub-client.js'

/** This worker's V8 inspector, opened once per worker and announced to the main process's hub. */
export class DebugServer {
  private constructor(readonly webSocketUrl: string, private readonly hub: HubClient) {}

  static async start(options: WorkerDebugServerOptions, pool: string): Promise<DebugServer> {
    const poolId = Number(process.env.VITEST_POOL_ID ?? 0)
    const preferred = options.basePort + poolId
    let url = inspector.url()
    let preferredPort = true
    if (url === undefined) {
      const { default: getPort } = await import('get-port')
      const port = await getPort({ port: preferred, host: options.host })
      inspector.open(port, options.host, false)
      url = inspector.url() ?? openOnAnyPort(options.host)
      preferredPort = new URL(url).port === String(preferred)
      // A debugger still attached would keep this worker from exiting at the end of the run.
      process.once('exit', () => inspector.close())
    }
    else {
      preferredPort = new URL(url).port === String(preferred)
    }
    const hub = await HubClient.connect(options.hub)
    const { hostname, port } = new URL(url)
    hub.send({
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
        test: null,
      },
    })
    return new DebugServer(url, hub)
  }

  testStarted(test: DebugServerTest): void {
    this.hub.send({ type: 'test', test })
  }

  /** Resolves once the main process has announced the pause, or after `timeoutMs` without an answer. */
  announcePause(pause: PauseAnnouncement, timeoutMs: number): Promise<boolean> {
    return this.hub.announce({ type: 'paused', pause }, timeoutMs)
  }

  pauseEnded(id: number, release: PauseRelease, reproduced: boolean | null): void {
    this.hub.send({ type: 'resumed', id, release, reproduced })
  }
}

function openOnAnyPort(host: string): string {
  inspector.open(0, host, false)
  const url = inspector.url()
  if (url === undefined) {
    throw new Error(`vitest-async-debug: could not open the V8 inspector on ${host} in worker ${process.env.VITEST_POOL_ID ?? '?'}.`)
  }
  return url
}
