import type { MonitorAddress, MonitorMessage } from '../shared/monitor.js'
import type { Socket } from 'node:net'
import { connect } from 'node:net'
import { realTimers } from './real-time.js'

/**
 * The worker's line to the dashboard: JSON lines on a loopback socket, the token first. Writes made
 * while it connects are buffered by the socket; it is unref'd, so it never keeps a worker alive, and a
 * dashboard that cannot be reached only costs the messages.
 */
export class MonitorChannel {
  private constructor(private readonly socket: Socket) {
    socket.on('error', () => {})
  }

  static open(address: MonitorAddress): MonitorChannel {
    const socket = connect({ host: '127.0.0.1', port: address.port })
    socket.setNoDelay(true)
    socket.unref()
    socket.write(`${address.token}\n`)
    return new MonitorChannel(socket)
  }

  send(message: MonitorMessage): void {
    if (!this.socket.destroyed) {
      this.socket.write(`${JSON.stringify(message)}\n`)
    }
  }

  /** Resolves once what was sent has left the process, or after `timeoutMs`: an isolated fork exits right after its file. */
  async flush(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while ((this.socket.connecting || this.socket.writableLength > 0) && !this.socket.destroyed && Date.now() < deadline) {
      await new Promise(resolve => realTimers.setTimeout(resolve, 5))
    }
  }
}
