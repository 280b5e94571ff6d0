import type { HubAddress, HubMessage, HubReply } from '../shared/debug-server.js'
import type { WebSocket } from 'ws'
import { HUB_TOKEN_HEADER } from '../shared/constants.js'
import { realTimers } from './real-time.js'

/**
 * The worker's end of the hub: messages sent before the connection opens are queued. The socket is
 * unref'd, so it never keeps a worker alive, and a hub that cannot be reached only costs the messages.
 */
export class HubClient {
  private readonly queue: string[] = []
  private readonly awaitingAck = new Map<number, (wait: boolean) => void>()
  private readonly awaitingReady: (() => void)[] = []
  private open = false

  private constructor(private readonly socket: WebSocket) {
    socket.on('open', () => {
      this.open = true
      ;(socket as unknown as { _socket?: { unref?: () => void } })._socket?.unref?.()
      for (const data of this.queue.splice(0)) {
        socket.send(data)
      }
    })
    socket.on('message', (data) => {
      try {
        const reply = JSON.parse(String(data)) as HubReply
        if (reply.type === 'ready') {
          this.awaitingReady.splice(0).forEach(ready => ready())
        }
        else {
          this.awaitingAck.get(reply.id)?.(reply.wait)
        }
      }
      catch {}
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

  /**
   * Sends a pause announcement and resolves once the main process has printed it, with whether anyone
   * wants the worker to wait; null when the main process did not answer in time.
   */
  announce(message: Extract<HubMessage, { type: 'paused' }>, timeoutMs: number): Promise<{ wait: boolean } | null> {
    return new Promise((resolve) => {
      const timer = realTimers.setTimeout(() => done(null), timeoutMs)
      const done = (answer: { wait: boolean } | null): void => {
        realTimers.clearTimeout(timer)
        this.awaitingAck.delete(message.pause.id)
        resolve(answer)
      }
      this.awaitingAck.set(message.pause.id, wait => done({ wait }))
      this.send(message)
    })
  }

  /** Registers a debug server and resolves once the DAP gateway is ready for it, or after `timeoutMs`. */
  registerAndWaitUntilReady(message: Extract<HubMessage, { type: 'register' }>, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (ready: boolean): void => {
        realTimers.clearTimeout(timer)
        const index = this.awaitingReady.indexOf(onReady)
        if (index !== -1) {
          this.awaitingReady.splice(index, 1)
        }
        resolve(ready)
      }
      const onReady = (): void => done(true)
      const timer = realTimers.setTimeout(() => done(false), timeoutMs)
      this.awaitingReady.push(onReady)
      this.send(message)
    })
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
