import type { Vitest } from 'vitest/node'
import type { HubAddress } from '../shared/debug-server.js'
import type { DebugServerSettings, DebugSettings } from './debug-settings.js'
import { join } from 'node:path'
import { STATE_FOLDER } from '../shared/constants.js'
import { HubServer } from '../hub/hub-server.js'
import { ServerRegistry } from './server-registry.js'

/** The main process's side of debugging: the hub the workers report to, and the registry of their servers. */
export class DebugServices {
  private constructor(
    readonly settings: DebugSettings,
    readonly hubAddress: HubAddress,
    readonly registry: ServerRegistry,
    private readonly hub: HubServer,
  ) {}

  static async start(vitest: Vitest, settings: DebugSettings & { server: DebugServerSettings }): Promise<DebugServices> {
    const registry = new ServerRegistry(join(vitest.config.root, STATE_FOLDER, 'servers.json'), line => vitest.logger.log(line))
    const hub = new HubServer({
      message: (connection, message) => registry.handle(connection, message),
      closed: connection => registry.closed(connection),
    })
    const services = new DebugServices(settings, await hub.listen(), registry, hub)
    vitest.onClose(() => services.close())
    return services
  }

  async close(): Promise<void> {
    await this.hub.close()
    this.registry.closeAll()
  }
}
