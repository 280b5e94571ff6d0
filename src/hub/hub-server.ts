import type { IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { HubAddress, HubMessage, HubReply } from '../shared/debug-server.js'
import { createServer } from 'node:http'
import { WebSocketServer } from 'ws'
import { HUB_TOKEN_HEADER } from '../shared/constants.js'
import { newToken, tokensMatch } from './token.js'

export interface HubHandlers {
  message: (connection: number, message: HubMessage, reply: (reply: HubReply) => void) => void
  closed: (connection: number) => void
}

const messageTypes = new Set<HubMessage['type']>(['register', 'test', 'state', 'paused', 'resumed'])

function parseMessage(data: unknown): HubMessage | null {
  try {
    const message = JSON.parse(String(data)) as { type?: unknown }
    return typeof message === 'object' && message !== null && messageTypes.has(message.type as HubMessage['type']) ? message as HubMessage : null
  }
  catch {
    return null
  }
}

/**
 * The main process's live channel from the workers: a WebSocket server on 127.0.0.1 that accepts a
 * connection only with this run's token and a loopback `Host` (so a web page cannot reach it through DNS rebinding).
 */
export class HubServer {
  readonly token = newToken()
  private readonly http = createServer((_request, response) => response.writeHead(404).end())
  private readonly sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 })
  private nextConnection = 1
  private port = 0

  constructor(private readonly handlers: HubHandlers) {
    this.http.on('upgrade', (request, socket, head) => {
      if (!this.accepts(request)) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
        return
      }
      this.sockets.handleUpgrade(request, socket, head, ws => this.connected(ws))
    })
  }

  async listen(): Promise<HubAddress> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject)
      this.http.listen(0, '127.0.0.1', () => resolve())
    })
    this.port = (this.http.address() as AddressInfo).port
    this.http.unref()
    return { url: `ws://127.0.0.1:${this.port}`, token: this.token }
  }

  private accepts(request: IncomingMessage): boolean {
    const token = request.headers[HUB_TOKEN_HEADER]
    const host = request.headers.host
    return typeof token === 'string' && tokensMatch(token, this.token) && (host === `127.0.0.1:${this.port}` || host === `localhost:${this.port}`)
  }

  private connected(ws: import('ws').WebSocket): void {
    const connection = this.nextConnection++
    ws.on('message', (data) => {
      const message = parseMessage(data)
      if (message) {
        this.handlers.message(connection, message, reply => ws.send(JSON.stringify(reply)))
      }
    })
    ws.on('close', () => this.handlers.closed(connection))
    ws.on('error', () => {})
  }

  async close(): Promise<void> {
    for (const client of this.sockets.clients) {
      client.terminate()
    }
    await new Promise<void>(resolve => this.http.close(() => resolve()))
  }
}
