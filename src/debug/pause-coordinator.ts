import type { DebugServerRecord, PauseAnnouncement, PauseRelease } from '../shared/debug-server.js'
import pc from 'picocolors'
import { RELEASE_GLOBAL_KEY } from '../shared/constants.js'
import { CdpClient } from '../protocol/cdp/cdp-client.js'

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`
}

function pauseLine(server: DebugServerRecord, pause: PauseAnnouncement): string {
  const where = pause.plan === 'rerun' ? 'attach to stop at the failing line' : 'attach to stop next to the failure'
  return `${pc.magenta('paused')} ${pc.bold(`${pause.test.file} > ${pause.test.fullName}`)}: ${pause.failure}  ${pc.dim(`${where}:`)} ${server.host}:${server.port} ${pc.dim(server.devtoolsUrl)}`
}

/**
 * Workers paused at a failure, from the main process's side: announces each pause, and lets a worker
 * go when nobody attaches within its `waitTimeout` or the run is stopped. A waiting worker's event
 * loop is blocked, so it is released through its inspector, not through the hub.
 */
export class PauseCoordinator {
  private readonly waiting = new Map<DebugServerRecord, NodeJS.Timeout>()

  constructor(private readonly log: (line: string) => void) {}

  paused(server: DebugServerRecord, pause: PauseAnnouncement): void {
    this.log(pauseLine(server, pause))
    const watchdog = setTimeout(() => {
      this.log(`${pc.magenta('paused')} ${pause.test.fullName}: no debugger attached within ${seconds(pause.waitTimeoutMs)}; the run goes on.`)
      void this.release(server, 'timeout')
    }, pause.waitTimeoutMs)
    watchdog.unref()
    this.waiting.set(server, watchdog)
  }

  /** A debugger attached, the pause ended, or the worker is gone: nothing to wait for any more. */
  stopWaiting(server: DebugServerRecord): void {
    clearTimeout(this.waiting.get(server))
    this.waiting.delete(server)
  }

  async releaseAll(reason: PauseRelease): Promise<void> {
    await Promise.all([...this.waiting.keys()].map(server => this.release(server, reason)))
  }

  private async release(server: DebugServerRecord, reason: PauseRelease): Promise<void> {
    this.stopWaiting(server)
    let connection: CdpClient | null = null
    try {
      connection = await CdpClient.connect(server.webSocketUrl)
      await connection.send('Runtime.evaluate', { expression: `process[Symbol.for(${JSON.stringify(RELEASE_GLOBAL_KEY)})] = ${JSON.stringify(reason)}` })
      await connection.send('Runtime.runIfWaitingForDebugger')
    }
    catch {
      // The worker is gone already.
    }
    finally {
      await connection?.close()
    }
  }
}
