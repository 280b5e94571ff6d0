import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createServer } from 'node:http'
import { newToken, tokensMatch } from '../../hub/token.js'

export interface DashboardPages {
  /** The page, without data: it connects to `events` with the same query. */
  page: () => string
  /** A new Server-Sent Events client: send it the current state. */
  connected: (client: EventClient) => void
}

export interface EventClient {
  send: (event: string, data: string) => void
}

const securityHeaders = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
}

/**
 * The dashboard's HTTP server on 127.0.0.1: the page at `/?token=…` and its Server-Sent Events at
 * `/events?token=…`. Anything without this run's token, or with a `Host` other than this server's
 * loopback address (DNS rebinding), gets 403.
 */
export class DashboardServer {
  readonly token = newToken()
  private readonly http = createServer((request, response) => this.serve(request, response))
  private readonly clients = new Set<ServerResponse>()
  private port = 0

  constructor(private readonly pages: DashboardPages) {}

  /** Listens on the preferred port, or on any free one when it is taken. */
  async listen(preferredPort: number): Promise<string> {
    try {
      await this.listenOn(preferredPort)
    }
    catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') {
        throw error
      }
      await this.listenOn(0)
    }
    this.port = (this.http.address() as AddressInfo).port
    this.http.unref()
    return this.url
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/?token=${this.token}`
  }

  get boundPort(): number {
    return this.port
  }

  private listenOn(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const failed = (error: Error): void => reject(error)
      this.http.once('error', failed)
      this.http.listen(port, '127.0.0.1', () => {
        this.http.off('error', failed)
        resolve()
      })
    })
  }

  broadcast(event: string, data: string): void {
    const frame = eventFrame(event, data)
    for (const client of this.clients) {
      client.write(frame)
    }
  }

  private allowed(request: IncomingMessage, url: URL): boolean {
    const host = request.headers.host
    const token = url.searchParams.get('token')
    return (host === `127.0.0.1:${this.port}` || host === `localhost:${this.port}`) && token !== null && tokensMatch(token, this.token)
  }

  private serve(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    if (!this.allowed(request, url)) {
      response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders }).end('Forbidden: open the dashboard through the URL the run printed (it carries the run\'s token).\n')
      return
    }
    if (request.method !== 'GET') {
      response.writeHead(405, { Allow: 'GET', ...securityHeaders }).end()
    }
    else if (url.pathname === '/') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ...securityHeaders }).end(this.pages.page())
    }
    else if (url.pathname === '/events') {
      this.openEvents(request, response)
    }
    else {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders }).end('Not found\n')
    }
  }

  private openEvents(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Connection': 'keep-alive', ...securityHeaders })
    response.socket?.setNoDelay(true)
    response.socket?.unref()
    response.write('retry: 1000\n\n')
    this.clients.add(response)
    request.on('close', () => this.clients.delete(response))
    this.pages.connected({ send: (event, data) => response.write(eventFrame(event, data)) })
  }

  async close(): Promise<void> {
    for (const client of this.clients) {
      client.end()
    }
    this.clients.clear()
    this.http.closeAllConnections()
    await new Promise<void>(resolve => this.http.close(() => resolve()))
  }
}

/** One SSE event; the data is JSON (no raw newlines), so one `data:` line holds it. */
function eventFrame(event: string, data: string): string {
  return `event: ${event}\ndata: ${data}\n\n`
}
