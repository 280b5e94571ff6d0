import type { DebugProtocol } from '@vscode/debugprotocol'
import type { Socket } from 'node:net'
import { connect } from 'node:net'

// Raw DAP over TCP for tests, independent of the gateway's own framing code.

export const HOST = '127.0.0.1'

/** A frame as a client writes it, with a Content-Length that counts the body's bytes unless `length` says otherwise. */
export function frame(body: string | Buffer, length?: number): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
  return Buffer.concat([Buffer.from(`Content-Length: ${length ?? bytes.length}\r\n\r\n`, 'latin1'), bytes])
}

/** A raw TCP connection to the gateway that keeps every message it sends back, and any framing it gets wrong. */
export class WireClient {
  readonly messages: DebugProtocol.ProtocolMessage[] = []
  readonly violations: string[] = []
  readonly closed: Promise<void>
  private pending = Buffer.alloc(0)
  private readonly waiters = new Set<() => void>()

  private constructor(readonly socket: Socket) {
    socket.on('data', chunk => this.receive(chunk))
    socket.on('error', error => this.violations.push(`socket error: ${error.message}`))
    this.closed = new Promise(resolve => socket.once('close', () => resolve()))
  }

  static open(port: number): Promise<WireClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, HOST, () => {
        socket.off('error', reject)
        resolve(new WireClient(socket))
      })
      socket.once('error', reject)
    })
  }

  async write(bytes: Buffer): Promise<void> {
    if (!this.socket.write(bytes)) {
      await new Promise(resolve => this.socket.once('drain', resolve))
    }
  }

  /** Resolves once a message matches, or rejects after `ms` saying what did not come. */
  waitFor<T extends DebugProtocol.ProtocolMessage>(what: string, match: (message: DebugProtocol.ProtocolMessage) => boolean, ms = 10_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.messages.find(match)
        if (found) {
          this.waiters.delete(check)
          clearTimeout(timer)
          resolve(found as T)
        }
      }
      const timer = setTimeout(() => {
        this.waiters.delete(check)
        reject(new Error(`no ${what} within ${ms} ms`))
      }, ms)
      this.waiters.add(check)
      check()
    })
  }

  response(seq: number, ms?: number): Promise<DebugProtocol.Response> {
    return this.waitFor(`response to request ${seq}`, message => message.type === 'response' && (message as DebugProtocol.Response).request_seq === seq, ms)
  }

  private receive(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk])
    for (;;) {
      const headerEnd = this.pending.indexOf('\r\n\r\n')
      if (headerEnd === -1) {
        return
      }
      const header = /^Content-Length: (\d+)$/.exec(this.pending.toString('latin1', 0, headerEnd))
      if (!header) {
        this.violations.push(`a header the gateway should not send: ${JSON.stringify(this.pending.toString('latin1', 0, Math.min(headerEnd, 100)))}`)
        this.socket.destroy()
        return
      }
      const start = headerEnd + 4
      const end = start + Number(header[1])
      if (this.pending.length < end) {
        return
      }
      const body = this.pending.toString('utf8', start, end)
      this.pending = this.pending.subarray(end)
      try {
        this.messages.push(JSON.parse(body) as DebugProtocol.ProtocolMessage)
      }
      catch {
        this.violations.push(`a body that is not JSON: ${JSON.stringify(body.slice(0, 100))}`)
      }
      this.waiters.forEach(check => check())
    }
  }
}

/** `work`, or a rejection that names what did not happen within `ms`. */
export function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    work.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)
    }),
  ])
}

/** Sends raw bytes and resolves with everything the server sent back once it closed the connection. */
export function httpExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, HOST, () => socket.write(request))
    const chunks: Buffer[] = []
    socket.on('data', chunk => chunks.push(chunk))
    socket.once('error', reject)
    socket.once('close', () => resolve(Buffer.concat(chunks).toString('latin1')))
  })
}
