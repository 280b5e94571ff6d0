import type { Socket } from 'node:net'
import type { MonitorAddress, MonitorMessage } from '../../shared/monitor.js'
import { createServer } from 'node:net'
import { MONITOR_MAX_LINE, MONITOR_MESSAGE_TYPES } from '../../shared/monitor.js'
import { newToken, tokensMatch } from '../../hub/token.js'

export interface MonitorHandlers {
  message: (connection: number, message: MonitorMessage) => void
  closed: (connection: number) => void
}

function parse(line: string): MonitorMessage | null {
  try {
    const message = JSON.parse(line) as { type?: unknown }
    return typeof message === 'object' && message !== null && MONITOR_MESSAGE_TYPES.has(message.type as string) ? message as MonitorMessage : null
  }
  catch {
    return null
  }
}

/**
 * Where the workers' monitors report while the dashboard runs: JSON lines on 127.0.0.1. A connection
 * whose first line is not this run's token, or that sends an overlong line, is closed.
 */
export class MonitorServer {
  private readonly token = newToken()
  private readonly server = createServer(socket => this.connected(socket))
  private nextConnection = 1

  constructor(private readonly handlers: MonitorHandlers) {}

  async listen(): Promise<MonitorAddress> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(0, '127.0.0.1', () => resolve())
    })
    this.server.unref()
    const address = this.server.address()
    return { port: typeof address === 'object' && address ? address.port : 0, token: this.token }
  }

  private connected(socket: Socket): void {
    const connection = this.nextConnection++
    let trusted = false
    let buffer = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      buffer += chunk
      let end: number
      while ((end = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, end)
        buffer = buffer.slice(end + 1)
        if (!trusted) {
          trusted = tokensMatch(line, this.token)
          if (!trusted) {
            socket.destroy()
            return
          }
          continue
        }
        const message = parse(line)
        if (message) {
          this.handlers.message(connection, message)
        }
      }
      if (buffer.length > MONITOR_MAX_LINE) {
        socket.destroy()
      }
    })
    socket.on('close', () => {
      if (trusted) {
        this.handlers.closed(connection)
      }
    })
    socket.on('error', () => {})
  }

  async close(): Promise<void> {
    await new Promise<void>(resolve => this.server.close(() => resolve()))
  }
}
