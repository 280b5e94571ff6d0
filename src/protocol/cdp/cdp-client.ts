import type { ProtocolMapping } from 'devtools-protocol/types/protocol-mapping.js'
import type { WebSocket } from 'ws'

type Commands = ProtocolMapping.Commands
type Events = ProtocolMapping.Events
export type CdpMethod = keyof Commands
export type CdpEvent = keyof Events
export type CdpResult<M extends CdpMethod> = Commands[M]['returnType']
export type CdpEventParams<E extends CdpEvent> = Events[E] extends [infer P] ? P : undefined

interface Incoming {
  id?: number
  method?: string
  params?: unknown
  result?: unknown
  error?: { message: string }
}

const DEFAULT_COMMAND_TIMEOUT_MS = 30_000

/** A Chrome DevTools Protocol client over WebSocket (Node's inspector), typed by `devtools-protocol`. */
export class CdpClient {
  private nextId = 1
  private readonly pending = new Map<number, { resolve: (result: unknown) => void, reject: (error: Error) => void, method: string }>()
  private readonly listeners = new Map<string, Set<(params: never) => void>>()
  private readonly closeListeners: (() => void)[] = []
  private isClosed = false
  /** Names of the events received so far, to say what came when something did not. */
  readonly events: string[] = []

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', data => this.receive(String(data)))
    socket.on('error', () => {})
    socket.on('close', () => this.closed())
  }

  static async connect(url: string, timeoutMs = 10_000): Promise<CdpClient> {
    const { WebSocket } = await import('ws')
    const socket = new WebSocket(url, { handshakeTimeout: timeoutMs, perMessageDeflate: false })
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
    })
    return new CdpClient(socket)
  }

  get isOpen(): boolean {
    return !this.isClosed
  }

  send<M extends CdpMethod>(method: M, ...params: Commands[M]['paramsType']): Promise<CdpResult<M>> {
    if (this.isClosed) {
      return Promise.reject(new Error(`cannot send ${method}: the inspector connection is closed`))
    }
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => settle(() => reject(new Error(`no answer to ${method} within ${DEFAULT_COMMAND_TIMEOUT_MS} ms`))), DEFAULT_COMMAND_TIMEOUT_MS)
      timer.unref()
      const settle = (done: () => void): void => {
        clearTimeout(timer)
        this.pending.delete(id)
        done()
      }
      this.pending.set(id, {
        resolve: result => settle(() => resolve(result as CdpResult<M>)),
        reject: error => settle(() => reject(error)),
        method,
      })
      this.socket.send(JSON.stringify({ id, method, params: params[0] ?? {} }))
    })
  }

  /** Calls `listener` for every event of that name until the returned function is called. */
  on<E extends CdpEvent>(event: E, listener: (params: CdpEventParams<E>) => void): () => void {
    const set = this.listeners.get(event) ?? new Set()
    set.add(listener as (params: never) => void)
    this.listeners.set(event, set)
    return () => set.delete(listener as (params: never) => void)
  }

  /** Resolves with the next event of that name. */
  next<E extends CdpEvent>(event: E, timeoutMs = 20_000): Promise<CdpEventParams<E>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off()
        reject(new Error(`no ${event} within ${timeoutMs} ms; events: ${this.events.join(', ')}`))
      }, timeoutMs)
      const off = this.on(event, (params) => {
        clearTimeout(timer)
        off()
        resolve(params)
      })
    })
  }

  onClose(listener: () => void): void {
    if (this.isClosed) {
      listener()
    }
    else {
      this.closeListeners.push(listener)
    }
  }

  async evaluate(expression: string): Promise<unknown> {
    const { result, exceptionDetails } = await this.send('Runtime.evaluate', { expression, returnByValue: true })
    if (exceptionDetails) {
      throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text)
    }
    return result.value
  }

  close(): Promise<void> {
    if (this.isClosed) {
      return Promise.resolve()
    }
    return new Promise((resolve) => {
      this.onClose(resolve)
      this.socket.close()
    })
  }

  private receive(data: string): void {
    let message: Incoming
    try {
      message = JSON.parse(data) as Incoming
    }
    catch {
      return
    }
    if (message.id !== undefined) {
      const waiter = this.pending.get(message.id)
      if (message.error) {
        waiter?.reject(new Error(`${waiter.method}: ${message.error.message}`))
      }
      else {
        waiter?.resolve(message.result ?? {})
      }
      return
    }
    if (message.method) {
      this.events.push(message.method)
      for (const listener of [...this.listeners.get(message.method) ?? []]) {
        listener(message.params as never)
      }
    }
  }

  private closed(): void {
    this.isClosed = true
    for (const waiter of [...this.pending.values()]) {
      waiter.reject(new Error(`${waiter.method}: the inspector connection closed`))
    }
    for (const listener of this.closeListeners.splice(0)) {
      listener()
    }
  }
}
