import type { DebugProtocol } from '@vscode/debugprotocol'
import type { Duplex } from 'node:stream'
import { DapError } from './dap-error.js'
import { encodeFrame, FrameReader } from './frame-reader.js'

/** Answers one request: the response body, or a thrown error that becomes `success: false`. */
export type RequestHandler = (request: DebugProtocol.Request) => Promise<unknown> | unknown

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000

function isRequest(message: unknown): message is DebugProtocol.Request {
  const candidate = message as Partial<DebugProtocol.Request> | null
  return typeof candidate === 'object' && candidate !== null && candidate.type === 'request' && typeof candidate.command === 'string' && typeof candidate.seq === 'number'
}

function isResponse(message: unknown): message is DebugProtocol.Response {
  const candidate = message as Partial<DebugProtocol.Response> | null
  return typeof candidate === 'object' && candidate !== null && candidate.type === 'response' && typeof candidate.request_seq === 'number'
}

function isEvent(message: unknown): message is DebugProtocol.Event {
  const candidate = message as Partial<DebugProtocol.Event> | null
  return typeof candidate === 'object' && candidate !== null && candidate.type === 'event' && typeof candidate.event === 'string'
}

/**
 * One end of a Debug Adapter Protocol stream: requests either way, responses, events. A handler that
 * throws, a malformed frame or a message of the wrong shape gets an answer, never an exception.
 */
export class DapConnection {
  private seq = 1
  private readonly reader = new FrameReader()
  private readonly waiting = new Map<number, { resolve: (response: DebugProtocol.Response) => void, reject: (error: Error) => void, timer: NodeJS.Timeout }>()
  private readonly eventListeners = new Set<(event: DebugProtocol.Event) => void>()
  private requestHandler: RequestHandler | null = null
  private closed = false
  private readonly closeListeners: (() => void)[] = []

  constructor(private readonly stream: Duplex) {
    stream.on('data', (chunk: Buffer) => this.receive(chunk))
    stream.on('error', () => this.close())
    stream.on('close', () => this.close())
  }

  get isClosed(): boolean {
    return this.closed
  }

  onRequest(handler: RequestHandler): void {
    this.requestHandler = handler
  }

  onEvent(listener: (event: DebugProtocol.Event) => void): () => void {
    this.eventListeners.add(listener)
    return () => this.eventListeners.delete(listener)
  }

  onClose(listener: () => void): void {
    if (this.closed) {
      listener()
      return
    }
    this.closeListeners.push(listener)
  }

  sendEvent(event: string, body?: unknown): void {
    this.write({ seq: this.seq++, type: 'event', event, ...body === undefined ? {} : { body } } satisfies DebugProtocol.Event)
  }

  /** Sends a request and resolves with its response; rejects when it failed, the connection closed or nothing came back in time. */
  request(command: string, args?: unknown, timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): Promise<DebugProtocol.Response> {
    if (this.closed) {
      return Promise.reject(new DapError(`cannot send "${command}": the connection is closed`))
    }
    const seq = this.seq++
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(seq)
        reject(new DapError(`no response to "${command}" within ${timeoutMs} ms`))
      }, timeoutMs)
      timer.unref()
      this.waiting.set(seq, {
        resolve: (response) => {
          if (response.success) {
            resolve(response)
          }
          else {
            reject(new DapError(response.message ?? `"${command}" failed`))
          }
        },
        reject,
        timer,
      })
      this.write({ seq, type: 'request', command, ...args === undefined ? {} : { arguments: args } } satisfies DebugProtocol.Request)
    })
  }

  close(): void {
    if (this.closed) {
      return
    }
    this.closed = true
    for (const [seq, waiter] of this.waiting) {
      clearTimeout(waiter.timer)
      waiter.reject(new DapError('the connection closed before the response came'))
      this.waiting.delete(seq)
    }
    this.stream.destroy()
    for (const listener of this.closeListeners.splice(0)) {
      listener()
    }
  }

  /** Closes once everything written so far has been sent. */
  end(): void {
    this.stream.end(() => this.close())
  }

  private write(message: DebugProtocol.Request | DebugProtocol.Response | DebugProtocol.Event): void {
    if (!this.closed && this.stream.writable) {
      this.stream.write(encodeFrame(message))
    }
  }

  private receive(chunk: Buffer): void {
    for (const frame of this.reader.push(chunk)) {
      if (frame.kind === 'malformed') {
        this.sendEvent('output', { category: 'important', output: `vitest-async-debug: ignored ${frame.problem}\n` } satisfies DebugProtocol.OutputEvent['body'])
        continue
      }
      const message = frame.message
      if (isRequest(message)) {
        void this.answer(message)
      }
      else if (isResponse(message)) {
        const waiter = this.waiting.get(message.request_seq)
        if (waiter) {
          clearTimeout(waiter.timer)
          this.waiting.delete(message.request_seq)
          waiter.resolve(message)
        }
      }
      else if (isEvent(message)) {
        for (const listener of [...this.eventListeners]) {
          listener(message)
        }
      }
      else {
        const seq = typeof (message as { seq?: unknown } | null)?.seq === 'number' ? (message as { seq: number }).seq : 0
        this.respond(seq, String((message as { command?: unknown } | null)?.command ?? ''), { success: false, message: 'not a DAP message: expected a request ({ seq, type: "request", command, arguments })' })
      }
    }
  }

  private async answer(request: DebugProtocol.Request): Promise<void> {
    try {
      if (!this.requestHandler) {
        throw new DapError(`"${request.command}" is not supported`)
      }
      const body = await this.requestHandler(request)
      this.respond(request.seq, request.command, { success: true, body })
    }
    catch (error) {
      this.respond(request.seq, request.command, { success: false, message: error instanceof Error ? error.message : String(error) })
    }
  }

  private respond(requestSeq: number, command: string, outcome: { success: boolean, message?: string, body?: unknown }): void {
    this.write({
      seq: this.seq++,
      type: 'response',
      request_seq: requestSeq,
      command,
      success: outcome.success,
      ...outcome.message === undefined ? {} : { message: outcome.message },
      ...outcome.body === undefined ? {} : { body: outcome.body },
    } satisfies DebugProtocol.Response)
  }
}
