import type { DebugProtocol } from '@vscode/debugprotocol'
import type { AddressInfo, Socket } from 'node:net'
import type { TestFinishedEventBody } from '../shared/dap-extensions.js'
import type { DebugServerRecord, PauseAnnouncement } from '../shared/debug-server.js'
import type { BookedBreakpoint } from './breakpoint-book.js'
import type { WorkerObserver } from '../debug/server-registry.js'
import type { Stop } from './worker-target.js'
import { createServer } from 'node:net'
import { basename } from 'node:path'
import { DapConnection } from '../protocol/dap/dap-connection.js'
import { DapError } from '../protocol/dap/dap-error.js'
import { TEST_FINISHED_EVENT } from '../shared/dap-extensions.js'
import { BreakpointBook } from './breakpoint-book.js'
import { DapSession } from './dap-session.js'
import { PauseViews } from './pause-views.js'
import { WorkerTarget } from './worker-target.js'

const ATTACH_TIMEOUT_MS = 5_000
const RELEASE_EVERY_MS = 50
const RELEASE_FOR_MS = 10_000
const HTTP_REQUEST_LINE = /^(?:GET|POST|PUT|HEAD|OPTIONS|DELETE|PATCH|CONNECT|TRACE) /

export interface GatewayAddress {
  host: string
  port: number
}

export interface GatewaySettings {
  host: string
  /** The port to take when it is free (4711 by default); any free port otherwise. */
  preferredPort: number
  /** Workers wait for the first client to finish its configuration before they run a test file. */
  waitForClient: boolean
}

function withTimeout(work: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([work.catch(() => {}), new Promise(resolve => setTimeout(resolve, ms).unref())])
}

/**
 * The DAP server of a run: one endpoint on which every worker is a thread, for any number of clients.
 * It holds one inspector connection per worker while at least one client is attached.
 */
export class DapGateway implements WorkerObserver {
  readonly book = new BreakpointBook()
  readonly views = new PauseViews()
  private readonly targets = new Map<number, WorkerTarget>()
  private readonly sessions = new Set<DapSession>()
  private nextSessionId = 1
  private lastStopped: WorkerTarget | null = null
  private readonly configuredWaiters: (() => void)[] = []
  private ended = false
  private readonly sockets = new Set<Socket>()
  /** A client has finished its configuration once: `waitForClient` holds test files only until then. */
  private configuredOnce = false

  private constructor(private readonly server: ReturnType<typeof createServer>, readonly address: GatewayAddress, private readonly settings: GatewaySettings) {
    server.on('connection', socket => this.accept(socket))
  }

  static async start(settings: GatewaySettings): Promise<DapGateway> {
    const server = createServer()
    const listen = (port: number): Promise<void> => new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, settings.host, () => {
        server.off('error', reject)
        resolve()
      })
    })
    try {
      await listen(settings.preferredPort)
    }
    catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') {
        throw error
      }
      await listen(0)
    }
    server.unref()
    const { port } = server.address() as AddressInfo
    return new DapGateway(server, { host: settings.host, port }, settings)
  }

  private accept(socket: Socket): void {
    socket.unref()
    socket.setNoDelay(true)
    this.sockets.add(socket)
    socket.once('close', () => this.sockets.delete(socket))
    socket.once('data', (first: Buffer) => {
      // A browser page can reach loopback ports; an HTTP request is never a debugger.
      if (HTTP_REQUEST_LINE.test(first.toString('latin1', 0, 16))) {
        socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nThis port speaks the Debug Adapter Protocol, not HTTP.\n')
        return
      }
      socket.pause()
      socket.unshift(first)
      const connection = new DapConnection(socket)
      const session = new DapSession(this.nextSessionId++, connection, this)
      this.sessions.add(session)
      connection.onClose(() => {
        this.sessions.delete(session)
        void this.detachSession(session)
      })
      socket.resume()
    })
    socket.on('error', () => {})
  }

  private attachedSessions(): DapSession[] {
    return [...this.sessions].filter(session => session.attached)
  }

  private broadcast(event: string, body?: unknown): void {
    for (const session of this.attachedSessions()) {
      session.event(event, body)
    }
  }

  private pauseOnExceptions(): 'none' | 'uncaught' | 'all' {
    const states = new Set(this.attachedSessions().map(session => session.pauseOnExceptions))
    return states.has('all') ? 'all' : states.has('uncaught') ? 'uncaught' : 'none'
  }

  async attachSession(session: DapSession): Promise<void> {
    if (this.ended) {
      throw new DapError('the run has ended')
    }
    session.attached = true
    await withTimeout(Promise.all([...this.targets.values()].map(target => target.attach(this.pauseOnExceptions()))), ATTACH_TIMEOUT_MS)
  }

  async detachSession(session: DapSession): Promise<void> {
    if (!session.attached) {
      // Breakpoints may be set before `attach`: they go with their client either way.
      this.book.dropSession(session.id)
      return
    }
    session.attached = false
    this.book.dropSession(session.id)
    if (this.attachedSessions().length === 0) {
      // The last client is gone: the run goes on as without a debugger (a paused worker resumes).
      await Promise.all([...this.targets.values()].map(async (target) => {
        await target.resume().catch(() => {})
        await target.detach()
        this.book.forgetThread(target.threadId)
      }))
      return
    }
    await Promise.all([...this.targets.values()].map(target => target.syncBreakpoints()))
    await this.exceptionFiltersChanged()
  }

  sessionConfigured(session: DapSession): void {
    this.configuredOnce = true
    this.configuredWaiters.splice(0).forEach(resume => resume())
    if (this.wantsFailedTestStops() || session.attached) {
      for (const target of this.targets.values()) {
        if (target.server.state === 'paused' && target.server.pause) {
          this.releaseToStop(target, target.server.pause)
        }
      }
    }
  }

  async setBreakpoints(session: DapSession, args: DebugProtocol.SetBreakpointsArguments): Promise<DebugProtocol.SetBreakpointsResponse['body']> {
    const path = args.source?.path
    if (typeof path !== 'string' || path === '') {
      throw new DapError('"setBreakpoints" needs `source.path`: the gateway sets breakpoints in files by path')
    }
    const wanted = args.breakpoints ?? (args.lines ?? []).map(line => ({ line }))
    const booked = this.book.set(session.id, path, wanted)
    await withTimeout(Promise.all([...this.targets.values()].map(target => target.syncBreakpoints())), ATTACH_TIMEOUT_MS)
    return { breakpoints: booked.map(breakpoint => this.describe(breakpoint)) }
  }

  private describe(breakpoint: BookedBreakpoint): DebugProtocol.Breakpoint {
    const line = [...breakpoint.bound.values()][0]
    const source = { name: basename(breakpoint.path), path: breakpoint.path }
    if (breakpoint.problem) {
      return { id: breakpoint.id, verified: false, line: breakpoint.line, source, message: breakpoint.problem }
    }
    return line === undefined
      ? { id: breakpoint.id, verified: false, line: breakpoint.line, source, message: `pending: no worker has loaded ${basename(breakpoint.path)} at this line yet; it binds when one does` }
      : { id: breakpoint.id, verified: true, line, source }
  }

  async exceptionFiltersChanged(): Promise<void> {
    const state = this.pauseOnExceptions()
    await Promise.all([...this.targets.values()].map(target => target.setPauseOnExceptions(state).catch(() => {})))
  }

  wantsFailedTestStops(): boolean {
    return this.attachedSessions().some(session => session.wantsFailedTestStops)
  }

  threads(): DebugProtocol.Thread[] {
    return [...this.targets.values()].map(target => ({ id: target.threadId, name: target.name }))
  }

  target(threadId: number): WorkerTarget {
    const target = this.targets.get(threadId)
    if (!target) {
      throw new DapError(`thread ${threadId} does not exist (any more): its worker has ended its file or exited`)
    }
    return target
  }

  /** For evaluation without a frame: the thread that stopped last, else the first one. */
  defaultTarget(): WorkerTarget {
    const target = (this.lastStopped && this.targets.has(this.lastStopped.threadId) ? this.lastStopped : null) ?? [...this.targets.values()][0]
    if (!target) {
      throw new DapError('no worker is running: nothing to evaluate in')
    }
    return target
  }

  exceptionInfo(threadId: number): DebugProtocol.ExceptionInfoResponse['body'] {
    const paused = this.target(threadId).paused
    if (!paused || paused.stop.reason !== 'exception') {
      throw new DapError(`thread ${threadId} is not stopped on an exception`)
    }
    const data = paused.event.data as { className?: string, description?: string } | undefined
    return {
      exceptionId: paused.stop.description === 'Paused on a failed test' ? 'failed test' : data?.className ?? 'Error',
      description: paused.stop.text ?? paused.stop.description,
      breakMode: 'always',
      ...data?.description ? { details: { message: paused.stop.text, typeName: data.className, stackTrace: data.description } } : {},
    }
  }

  loadedSources(): DebugProtocol.Source[] {
    const paths = new Set<string>()
    for (const target of this.targets.values()) {
      for (const script of target.loadedScripts()) {
        script.originalPaths().forEach(path => paths.add(path))
      }
    }
    return [...paths].sort().map(path => ({ name: basename(path), path }))
  }

  // What the server registry tells: workers come and go, and pause at failures.

  async registered(key: number, server: DebugServerRecord): Promise<void> {
    const target = new WorkerTarget(key, server, this.book, {
      stopped: (stopped, stop) => this.stopped(stopped, stop),
      continued: (continued) => {
        this.views.resumed(continued.threadId)
        this.broadcast('continued', { threadId: continued.threadId, allThreadsContinued: false } satisfies DebugProtocol.ContinuedEvent['body'])
      },
      verificationChanged: breakpoint => this.sessionOf(breakpoint.sessionId)?.event('breakpoint', { reason: 'changed', breakpoint: this.describe(breakpoint) } satisfies DebugProtocol.BreakpointEvent['body']),
      output: (output, category) => this.broadcast('output', { category, output } satisfies DebugProtocol.OutputEvent['body']),
      gone: gone => this.views.resumed(gone.threadId),
    })
    this.targets.set(key, target)
    this.broadcast('thread', { reason: 'started', threadId: key } satisfies DebugProtocol.ThreadEvent['body'])
    if (this.settings.waitForClient && !this.configuredOnce) {
      await new Promise<void>(resolve => this.configuredWaiters.push(resolve))
    }
    if (this.attachedSessions().length > 0) {
      await withTimeout(target.attach(this.pauseOnExceptions()), ATTACH_TIMEOUT_MS)
    }
  }

  private sessionOf(id: number): DapSession | undefined {
    return [...this.sessions].find(session => session.id === id)
  }

  private stopped(target: WorkerTarget, stop: Stop): void {
    this.lastStopped = target
    for (const session of this.attachedSessions()) {
      session.event('stopped', {
        reason: stop.reason,
        description: stop.description,
        threadId: target.threadId,
        allThreadsStopped: false,
        ...stop.text ? { text: stop.text } : {},
        ...stop.hitBreakpointIds.length > 0 ? { hitBreakpointIds: stop.hitBreakpointIds } : {},
      } satisfies DebugProtocol.StoppedEvent['body'])
    }
  }

  pausedAtFailure(key: number, pause: PauseAnnouncement): void {
    const target = this.targets.get(key)
    if (target && this.attachedSessions().some(session => session.configured)) {
      this.releaseToStop(target, pause)
    }
  }

  /** Lets a worker that waits at a failure go on to its stop on the failing line, which every client then sees. */
  private releaseToStop(target: WorkerTarget, pause: PauseAnnouncement): void {
    target.expectFailureStop(pause.failure)
    const started = Date.now()
    const release = async (): Promise<void> => {
      if (!target.attached) {
        await withTimeout(target.attach(this.pauseOnExceptions()), ATTACH_TIMEOUT_MS)
      }
      // The worker blocks only once the hub has answered it: until it says it went on, ask again.
      while (target.server.state === 'paused' && target.server.pause?.id === pause.id && Date.now() - started < RELEASE_FOR_MS && this.targets.has(target.threadId)) {
        await target.releaseWait().catch(() => {})
        await new Promise(resolve => setTimeout(resolve, RELEASE_EVERY_MS))
      }
    }
    void release()
  }

  closed(key: number): void {
    const target = this.targets.get(key)
    if (!target) {
      return
    }
    this.targets.delete(key)
    this.views.exited(key)
    this.book.forgetThread(key)
    if (this.lastStopped === target) {
      this.lastStopped = null
    }
    void target.detach()
    this.broadcast('thread', { reason: 'exited', threadId: key } satisfies DebugProtocol.ThreadEvent['body'])
  }

  output(text: string, category: 'stdout' | 'stderr'): void {
    this.broadcast('output', { category, output: text } satisfies DebugProtocol.OutputEvent['body'])
  }

  threadOfFile(file: string): number | null {
    return [...this.targets.values()].find(target => target.server.file === file)?.threadId ?? null
  }

  testFinished(body: TestFinishedEventBody): void {
    this.broadcast(TEST_FINISHED_EVENT, body)
  }

  /** The run is over: clients hear `terminated`, and the server stops. */
  async close(): Promise<void> {
    if (this.ended) {
      return
    }
    this.ended = true
    this.configuredWaiters.splice(0).forEach(resume => resume())
    this.broadcast('terminated', {} satisfies DebugProtocol.TerminatedEvent['body'])
    this.sessions.forEach(session => session.end())
    await Promise.all([...this.targets.values()].map(target => target.detach()))
    // A connection that never sent a frame has no session to end.
    setTimeout(() => this.sockets.forEach(socket => socket.destroy()), 100).unref()
    await new Promise<void>(resolve => this.server.close(() => resolve()))
  }
}
