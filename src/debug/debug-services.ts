import type { Vitest } from 'vitest/node'
import type { HubAddress } from '../shared/debug-server.js'
import type { DebugServerSettings, DebugSettings } from './debug-settings.js'
import { join } from 'node:path'
import { STATE_FOLDER } from '../shared/constants.js'
import { HubServer } from '../hub/hub-server.js'
import { PauseCoordinator } from './pause-coordinator.js'
import { ServerRegistry } from './server-registry.js'
import { pluginLog } from '../report/terminal-stream.js'
import type { DapSettings } from './debug-settings.js'
import type { DapGateway } from '../gateway/dap-gateway.js'
import pc from 'picocolors'

/** The DAP gateway, announced in one line; its code loads only when it is wanted. */
async function startGateway(vitest: Vitest, settings: DapSettings, registry: ServerRegistry, log: (line: string) => void): Promise<DapGateway> {
  const { DapGateway } = await import('../gateway/dap-gateway.js')
  const { GatewayReporter } = await import('../gateway/gateway-reporter.js')
  const gateway = await DapGateway.start(settings)
  registry.follow(gateway, gateway.address)
  vitest.config.reporters.push(new GatewayReporter(gateway) as never)
  const { host, port } = gateway.address
  const taken = port === settings.preferredPort ? '' : pc.yellow(` (port ${settings.preferredPort} was taken)`)
  const waiting = settings.waitForClient ? '; test files wait until a DAP client has set its breakpoints' : ''
  log(`${pc.cyan('DAP gateway')} ${pc.bold(`${host}:${port}`)}${taken}  ${pc.dim(`every worker as a thread: VS Code "debugServer": ${port}, nvim-dap { type = 'server', port = ${port} }${waiting}`)}`)
  return gateway
}

/** The main process's side of debugging: the hub the workers report to, and the registry of their servers. */
export class DebugServices {
  private constructor(
    readonly settings: DebugSettings,
    readonly hubAddress: HubAddress,
    readonly registry: ServerRegistry,
    private readonly pauses: PauseCoordinator,
    private readonly hub: HubServer,
    readonly gateway: DapGateway | null,
  ) {}

  static async start(vitest: Vitest, settings: DebugSettings & { server: DebugServerSettings }): Promise<DebugServices> {
    const log = pluginLog(vitest)
    const pauses = new PauseCoordinator(log)
    const registry = new ServerRegistry(join(vitest.config.root, STATE_FOLDER, 'servers.json'), log, pauses, settings.onFail !== null)
    const hub = new HubServer({
      message: (connection, message, reply) => registry.handle(connection, message, reply),
      closed: connection => registry.closed(connection),
    })
    const gateway = settings.server.dap ? await startGateway(vitest, settings.server.dap, registry, log) : null
    const services = new DebugServices(settings, await hub.listen(), registry, pauses, hub, gateway)
    vitest.onClose(() => services.close())
    // Ctrl+C while a worker waits for a debugger: let it go, so the run can end (and write its report).
    // Only where Vitest listens too, so the signal's default action is never taken away.
    const releaseOnSignal = (): void => void pauses.releaseAll('interrupted')
    const signals = (['SIGINT', 'SIGTERM'] as const).filter(signal => process.listenerCount(signal) > 0)
    signals.forEach(signal => process.on(signal, releaseOnSignal))
    vitest.onClose(() => signals.forEach(signal => process.off(signal, releaseOnSignal)))
    // Ctrl+C may end the process before Vitest closes: servers.json must not keep a worker "paused" that is gone.
    const closeOnExit = (): void => registry.closeAll()
    process.on('exit', closeOnExit)
    vitest.onClose(() => {
      process.off('exit', closeOnExit)
    })
    return services
  }

  async close(): Promise<void> {
    await this.gateway?.close()
    await this.pauses.releaseAll('interrupted')
    await this.hub.close()
    this.registry.closeAll()
  }
}
