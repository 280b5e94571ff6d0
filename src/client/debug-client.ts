import type { DebugProtocol } from '@vscode/debugprotocol'
import type { LedgerResponseBody, SessionResponseBody, TestFinishedEventBody } from '../shared/dap-extensions.js'
import { readFileSync } from 'node:fs'
import { connect as connectSocket } from 'node:net'
import { join, resolve } from 'node:path'
import { DapConnection } from '../protocol/dap/dap-connection.js'
import { STATE_FOLDER } from '../shared/constants.js'
import { LEDGER_REQUEST, SESSION_REQUEST, TEST_FINISHED_EVENT } from '../shared/dap-extensions.js'

export type { DebugProtocol }
export type { LedgerResponseBody, SessionResponseBody, TestFinishedEventBody } from '../shared/dap-extensions.js'

/** Where to find the run: its project root (the gateway's address is in `.vitest-async-debug/servers.json`), or a port. */
export interface ConnectOptions {
  root?: string
  port?: number
  host?: string
  /** How long to wait for the run to start its gateway and accept the connection. @default 30000 */
  timeoutMs?: number
}

export interface AttachOptions {
  /** Breakpoints to set before the workers go on: file path → lines (1-based) or DAP source breakpoints. */
  breakpoints?: Record<string, Array<number | DebugProtocol.SourceBreakpoint>>
  /** Exception filters: `failed-test` (the default), `uncaught`, `all`. */
  exceptionFilters?: string[]
}

export interface DebugClientEvents {
  stopped: DebugProtocol.StoppedEvent['body']
  continued: DebugProtocol.ContinuedEvent['body']
  output: DebugProtocol.OutputEvent['body']
  thread: DebugProtocol.ThreadEvent['body']
  breakpoint: DebugProtocol.BreakpointEvent['body']
  terminated: DebugProtocol.TerminatedEvent['body']
  testFinished: TestFinishedEventBody
}

const clientEventNames: Record<string, keyof DebugClientEvents> = {
  stopped: 'stopped',
  continued: 'continued',
  output: 'output',
  thread: 'thread',
  breakpoint: 'breakpoint',
  terminated: 'terminated',
  [TEST_FINISHED_EVENT]: 'testFinished',
}

function gatewayPortOf(root: string): number | null {
  try {
    const file = JSON.parse(readFileSync(join(resolve(root), STATE_FOLDER, 'servers.json'), 'utf8')) as { dap?: { port?: number } }
    return typeof file.dap?.port === 'number' ? file.dap.port : null
  }
  catch {
    return null
  }
}

function toSourceBreakpoint(breakpoint: number | DebugProtocol.SourceBreakpoint): DebugProtocol.SourceBreakpoint {
  return typeof breakpoint === 'number' ? { line: breakpoint } : breakpoint
}

/**
 * A small programmatic debugger for a Vitest run with the DAP gateway on: every worker is a thread;
 * set breakpoints, wait for a stop, read the stack, scopes and variables, evaluate, ask for a test's
 * async state, and continue. A script can debug a run without an editor.
 *
 * @example
 * const client = await DebugClient.connect({ root: process.cwd() })
 * await client.attach({ breakpoints: { 'tests/cart.test.ts': [12] } })
 * const stop = await client.waitForStop()
 * const [frame] = (await client.stackTrace(stop.threadId!)).stackFrames
 */
export class DebugClient {
  private readonly listeners = new Map<keyof DebugClientEvents, Set<(body: never) => void>>()
  private readonly stops: DebugProtocol.StoppedEvent['body'][] = []
  private readonly stopWaiters: { resolve: (stop: DebugProtocol.StoppedEvent['body']) => void, reject: (error: Error) => void, timer: NodeJS.Timeout }[] = []
  private initialized: Promise<void>

  private constructor(private readonly connection: DapConnection) {
    let onInitialized: () => void = () => {}
    this.initialized = new Promise(resolve => onInitialized = resolve)
    // A stop nobody will send any more: the connection is gone.
    connection.onClose(() => {
      for (const waiter of this.stopWaiters.splice(0)) {
        clearTimeout(waiter.timer)
        waiter.reject(new Error('the connection to the DAP gateway closed before a thread stopped'))
      }
    })
    connection.onEvent((event) => {
      if (event.event === 'initialized') {
        onInitialized()
        return
      }
      const name = clientEventNames[event.event]
      if (!name) {
        return
      }
      if (name === 'stopped') {
        const stop = event.body as DebugProtocol.StoppedEvent['body']
        const waiter = this.stopWaiters.shift()
        if (waiter) {
          clearTimeout(waiter.timer)
          waiter.resolve(stop)
        }
        else {
          this.stops.push(stop)
        }
      }
      for (const listener of [...this.listeners.get(name) ?? []]) {
        listener(event.body as never)
      }
    })
  }

  /** Connects to a run's gateway, waiting (up to `timeoutMs`) for the run to start it. */
  static async connect(options: ConnectOptions = {}): Promise<DebugClient> {
    const deadline = Date.now() + (options.timeoutMs ?? 30_000)
    for (;;) {
      const port = options.port ?? gatewayPortOf(options.root ?? process.cwd())
      if (port !== null) {
        try {
          const socket = await new Promise<import('node:net').Socket>((resolvePromise, reject) => {
            const socket = connectSocket(port, options.host ?? '127.0.0.1', () => resolvePromise(socket))
            socket.once('error', reject)
          })
          socket.setNoDelay(true)
          return new DebugClient(new DapConnection(socket))
        }
        catch (error) {
          if (Date.now() > deadline) {
            throw new Error(`vitest-async-debug: could not connect to the DAP gateway on port ${port}: ${(error as Error).message}`)
          }
        }
      }
      else if (Date.now() > deadline) {
        throw new Error(`vitest-async-debug: no DAP gateway found in ${join(resolve(options.root ?? process.cwd()), STATE_FOLDER, 'servers.json')}. Run the tests with --dap (or debugServer: { dap: true }) first.`)
      }
      await new Promise(resolvePromise => setTimeout(resolvePromise, 100))
    }
  }

  on<E extends keyof DebugClientEvents>(event: E, listener: (body: DebugClientEvents[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set()
    set.add(listener as (body: never) => void)
    this.listeners.set(event, set)
    return () => set.delete(listener as (body: never) => void)
  }

  /** Sends any request; resolves with its body, rejects with the gateway's message when it fails. */
  async request<T = unknown>(command: string, args?: unknown): Promise<T> {
    return (await this.connection.request(command, args)).body as T
  }

  /** The DAP handshake as an editor does it: initialize, attach, breakpoints and exception filters, configurationDone. */
  async attach(options: AttachOptions = {}): Promise<DebugProtocol.Capabilities> {
    const capabilities = await this.request<DebugProtocol.Capabilities>('initialize', { clientID: 'vitest-async-debug-client', adapterID: 'vitest-async-debug', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' } satisfies DebugProtocol.InitializeRequestArguments)
    await this.request('attach', {})
    await this.initialized
    for (const [file, lines] of Object.entries(options.breakpoints ?? {})) {
      await this.setBreakpoints(file, lines)
    }
    await this.setExceptionFilters(options.exceptionFilters ?? ['failed-test'])
    await this.request('configurationDone')
    return capabilities
  }

  setBreakpoints(file: string, breakpoints: Array<number | DebugProtocol.SourceBreakpoint>): Promise<DebugProtocol.SetBreakpointsResponse['body']> {
    return this.request('setBreakpoints', { source: { path: resolve(file) }, breakpoints: breakpoints.map(toSourceBreakpoint) } satisfies DebugProtocol.SetBreakpointsArguments)
  }

  setExceptionFilters(filters: string[]): Promise<DebugProtocol.SetExceptionBreakpointsResponse['body']> {
    return this.request('setExceptionBreakpoints', { filters } satisfies DebugProtocol.SetExceptionBreakpointsArguments)
  }

  async threads(): Promise<DebugProtocol.Thread[]> {
    return (await this.request<DebugProtocol.ThreadsResponse['body']>('threads')).threads
  }

  /** The next stop of any thread (one that came before this call counts too). */
  waitForStop(timeoutMs = 60_000): Promise<DebugProtocol.StoppedEvent['body']> {
    const queued = this.stops.shift()
    if (queued) {
      return Promise.resolve(queued)
    }
    if (this.connection.isClosed) {
      return Promise.reject(new Error('the connection to the DAP gateway is closed'))
    }
    return new Promise((resolvePromise, reject) => {
      const waiter = {
        resolve: resolvePromise,
        reject,
        timer: setTimeout(() => {
          this.stopWaiters.splice(this.stopWaiters.indexOf(waiter), 1)
          reject(new Error(`no thread stopped within ${timeoutMs} ms`))
        }, timeoutMs),
      }
      this.stopWaiters.push(waiter)
    })
  }

  stackTrace(threadId: number, options: { startFrame?: number, levels?: number } = {}): Promise<DebugProtocol.StackTraceResponse['body']> {
    return this.request('stackTrace', { threadId, ...options } satisfies DebugProtocol.StackTraceArguments)
  }

  async scopes(frameId: number): Promise<DebugProtocol.Scope[]> {
    return (await this.request<DebugProtocol.ScopesResponse['body']>('scopes', { frameId } satisfies DebugProtocol.ScopesArguments)).scopes
  }

  async variables(variablesReference: number, options: Omit<DebugProtocol.VariablesArguments, 'variablesReference'> = {}): Promise<DebugProtocol.Variable[]> {
    return (await this.request<DebugProtocol.VariablesResponse['body']>('variables', { variablesReference, ...options } satisfies DebugProtocol.VariablesArguments)).variables
  }

  evaluate(expression: string, options: { frameId?: number, context?: 'repl' | 'watch' | 'hover' } = {}): Promise<DebugProtocol.EvaluateResponse['body']> {
    return this.request('evaluate', { expression, ...options } satisfies DebugProtocol.EvaluateArguments)
  }

  /** The test sessions running on a thread now, with their pending operations. */
  session(threadId: number): Promise<SessionResponseBody> {
    return this.request(SESSION_REQUEST, { threadId })
  }

  /** What the finished tests of the thread's current file left running. */
  ledger(threadId: number): Promise<LedgerResponseBody> {
    return this.request(LEDGER_REQUEST, { threadId })
  }

  async continue(threadId: number): Promise<void> {
    await this.request('continue', { threadId } satisfies DebugProtocol.ContinueArguments)
  }

  async step(threadId: number, kind: 'next' | 'stepIn' | 'stepOut' = 'next'): Promise<void> {
    await this.request(kind, { threadId })
  }

  async pause(threadId: number): Promise<void> {
    await this.request('pause', { threadId } satisfies DebugProtocol.PauseArguments)
  }

  /** Detaches (the run goes on) and closes the connection. */
  async close(): Promise<void> {
    if (!this.connection.isClosed) {
      await this.request('disconnect', {}).catch(() => {})
      this.connection.close()
    }
  }
}
