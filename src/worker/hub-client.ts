import type { HubAddress, HubMessage } from '../shared/debug-server.js'
import type { WebSocket } from 'ws'
import { HUB_TOKEN_HEADER } from '../shared/constants.js'

/**
 * The worker's end of the hub: messages sent before the connection opens are queued. The socket is
 * unref'd, so it never keeps a worker alive, and a hub that cannot be reached only costs the messages.
 */
export class HubClient {
  private readonly queue: string[] = []
  private open = false

  private constructor(private readonly socket: WebSocket) {
    socket.on('open', () => {
      this.open = true
      ;(socket as unknown as { _socket?: { unref?: () => void } })._socket?.unref?.()
      for (const data of this.queue.splice(0)) {
        socket.send(data)
      }
    })
    socket.on('error', () => {})
    socket.on('close', () => {
      this.open = false
    })
  }

  static async connect(address: HubAddress): Promise<HubClient> {
    const { WebSocket } = await import('ws')
    return new HubClient(new WebSocket(address.url, { headers: { [HUB_TOKEN_HEADER]: address.token } }))
  }

  send(message: HubMessage): void {
    const data = JSON.stringify(message)
    if (this.open) {
      this.socket.send(data)
    }
    else if (this.socket.readyState === this.socket.CONNECTING) {
      this.queue.push(data)
    }
  }
}
