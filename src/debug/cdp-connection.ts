import { WebSocket } from 'ws'

interface CdpReply {
  id?: number
  method?: string
  params?: Record<string, unknown>
  result?: Record<string, unknown>
  error?: { message: string }
}

/** A small Chrome DevTools Protocol client over WebSocket: commands, events, and nothing else. */
export class CdpConnection {
  private nextId = 1
  private readonly pending = new Map<number, { resolve: (result: Record<string, unknown>) => void, reject: (error: Error) => void }>()
  private readonly listeners = new Map<string, ((params: Record<string, unknown>) => void)[]>()
  readonly events: string[] = []

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as CdpReply
      if (message.id !== undefined) {
        const waiter = this.pending.get(message.id)
        this.pending.delete(message.id)
        if (message.error) {
          waiter?.reject(new Error(message.error.message))
        }
        else {
          waiter?.resolve(message.result ?? {})
        }
        return
      }
      if (message.method) {
        this.events.push(message.method)
        for (const listener of [...this.listeners.get(message.method) ?? []]) {
          listener(message.params ?? {})
        }
      }
    })
  }

  static async connect(url: string): Promise<CdpConnection> {
    const socket = new WebSocket(url)
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
    })
    return new CdpConnection(socket)
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.socket.send(JSON.stringify({ id, method, params }))
    })
  }

  /** Calls `listener` for every event of that name from now on. */
  on(method: string, listener: (params: Record<string, unknown>) => void): void {
    const listeners = this.listeners.get(method) ?? []
    listeners.push(listener)
    this.listeners.set(method, listeners)
  }

  /** Resolves with the next event of that name. */
  next(method: string, timeoutMs = 20_000): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms; events: ${this.events.join(', ')}`)), timeoutMs)
      const listeners = this.listeners.get(method) ?? []
      const once = (params: Record<string, unknown>): void => {
        clearTimeout(timer)
        listeners.splice(listeners.indexOf(once), 1)
        resolve(params)
      }
      listeners.push(once)
      this.listeners.set(method, listeners)
    })
  }

  async evaluate(expression: string): Promise<unknown> {
    const { result } = await this.send('Runtime.evaluate', { expression, returnByValue: true }) as { result: { value: unknown } }
    return result.value
  }

  close(): Promise<void> {
    if (this.socket.readyState === this.socket.CLOSED) {
      return Promise.resolve()
    }
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve())
      this.socket.close()
    })
  }
}
