import type { DebugProtocol } from '@vscode/debugprotocol'
import type { Protocol } from 'devtools-protocol'
import type { DebugServerRecord } from '../shared/debug-server.js'
import type { BookedBreakpoint, BreakpointBook } from './breakpoint-book.js'
import { CdpClient } from '../protocol/cdp/cdp-client.js'
import { FAILURE_STOP_KEY } from '../shared/constants.js'
import { logpointCondition } from './translate/logpoint.js'
import { ScriptMap } from './translate/script-map.js'
import { valueText } from './translate/remote-values.js'

/** How far below a line without code a breakpoint may move to the next line that has some. */
const MAX_LINE_SHIFT = 10
/** Steps taken over module glue before a step stops anyway. */
const MAX_GLUE_STEPS = 10

export type PauseOnExceptions = Protocol.Debugger.SetPauseOnExceptionsRequest['state']

/** Why a thread stopped, as DAP says it. */
export interface Stop {
  reason: DebugProtocol.StoppedEvent['body']['reason']
  description: string
  text?: string
  /** DAP breakpoint ids that made it stop. */
  hitBreakpointIds: number[]
}

/** A thread that is stopped: V8's pause, and how the gateway explains it. */
export interface Paused {
  event: Protocol.Debugger.PausedEvent
  stop: Stop
}

export interface TargetListener {
  stopped: (target: WorkerTarget, stop: Stop) => void
  continued: (target: WorkerTarget) => void
  /** A breakpoint bound for the first time, or moved to another line. */
  verificationChanged: (breakpoint: BookedBreakpoint) => void
  output: (text: string, category: 'console' | 'stderr') => void
  /** The inspector connection closed: the worker ended its file, or crashed. */
  gone: (target: WorkerTarget) => void
}

interface BoundLocation {
  key: string
  cdpId: string
  condition: string | undefined
  members: BookedBreakpoint[]
}

function locationKey(scriptId: string, position: { lineNumber: number, columnNumber: number }): string {
  return `${scriptId}:${position.lineNumber}:${position.columnNumber}`
}

function memberCondition(breakpoint: BookedBreakpoint): string {
  if (breakpoint.logMessage !== undefined) {
    return logpointCondition(breakpoint.logMessage, breakpoint.condition)
  }
  return breakpoint.condition ? `(${breakpoint.condition})` : 'true'
}

/** One V8 condition for every breakpoint at a location; logpoints first, so an unconditional stop cannot skip their log. */
function combinedCondition(members: BookedBreakpoint[]): string | undefined {
  if (members.every(member => member.logMessage === undefined && !member.condition)) {
    return undefined
  }
  const ordered = [...members].sort((a, b) => Number(b.logMessage !== undefined) - Number(a.logMessage !== undefined))
  return ordered.map(memberCondition).join(' || ')
}

function formatConsoleArguments(args: Protocol.Runtime.RemoteObject[]): string {
  return args.map(arg => arg.type === 'string' ? String(arg.value) : valueText(arg)).join('')
}

function exceptionText(data: unknown): string | undefined {
  const remote = data as Protocol.Runtime.RemoteObject | undefined
  return remote ? (remote.description ?? valueText(remote)).split('\n', 1)[0] : undefined
}

/**
 * One worker's inspector, as the gateway holds it: a single CDP connection shared by every DAP client,
 * the scripts the worker loaded, the breakpoints bound there, and its pause.
 */
export class WorkerTarget {
  private cdp: CdpClient | null = null
  private readonly scripts = new Map<string, ScriptMap>()
  private readonly locations = new Map<string, BoundLocation>()
  /** The instrumentation breakpoint that stops before each script with a source map runs, while there are breakpoints. */
  private instrumentation: string | null = null
  private pauseOnExceptions: PauseOnExceptions = 'none'
  private work: Promise<unknown> = Promise.resolve()
  /** What the next pause is, when a client asked for it (a step, a pause). */
  private expected: { reason: Stop['reason'], description: string, step?: 'next' | 'stepIn' | 'stepOut', glueSteps?: number, from?: { depth: number, scriptId: string, lineNumber: number } } | null = null
  /** Set while a worker goes to its stop at a failed test: the next pause that is not a breakpoint is that stop. */
  private failure: string | null = null
  paused: Paused | null = null
  /** Set while the connection is being made: requests wait for it. */
  private attaching: Promise<void> | null = null

  constructor(readonly threadId: number, public server: DebugServerRecord, private readonly book: BreakpointBook, private readonly listener: TargetListener) {}

  get name(): string {
    const file = this.server.test?.file ?? this.server.file
    return `${this.server.pool} worker ${this.server.poolId}${file ? ` · ${file}` : ''}`
  }

  get attached(): boolean {
    return this.cdp?.isOpen ?? false
  }

  /** Connects to the worker's inspector and binds every breakpoint; resolves once the worker may run its test file. */
  attach(pauseOnExceptions: PauseOnExceptions): Promise<void> {
    this.attaching ??= this.connect(pauseOnExceptions).finally(() => {
      this.attaching = null
    })
    return this.attaching
  }

  private async connect(pauseOnExceptions: PauseOnExceptions): Promise<void> {
    if (this.cdp) {
      return
    }
    const cdp = await CdpClient.connect(this.server.webSocketUrl)
    this.cdp = cdp
    cdp.on('Debugger.scriptParsed', script => this.scripts.set(script.scriptId, new ScriptMap(script)))
    cdp.on('Debugger.paused', event => void this.onPaused(event))
    cdp.on('Debugger.resumed', () => this.onResumed())
    cdp.on('Runtime.consoleAPICalled', event => this.listener.output(`${formatConsoleArguments(event.args)}\n`, event.type === 'error' || event.type === 'warning' ? 'stderr' : 'console'))
    cdp.onClose(() => {
      this.cdp = null
      this.paused = null
      this.listener.gone(this)
    })
    await cdp.send('Runtime.enable')
    await cdp.send('Debugger.enable', {})
    await cdp.send('Debugger.setAsyncCallStackDepth', { maxDepth: 32 })
    await this.setPauseOnExceptions(pauseOnExceptions)
    await this.syncBreakpoints()
  }

  async detach(): Promise<void> {
    const cdp = this.cdp
    this.cdp = null
    this.paused = null
    this.locations.clear()
    this.instrumentation = null
    await cdp?.close()
  }

  send: CdpClient['send'] = async (method, ...params) => {
    if (!this.cdp && this.attaching) {
      await this.attaching.catch(() => {})
    }
    if (!this.cdp) {
      return Promise.reject(new Error(`thread ${this.threadId} (${this.name}) is not attached: its worker has ended its file or exited`))
    }
    return this.cdp.send(method, ...params)
  }

  script(scriptId: string): ScriptMap | undefined {
    return this.scripts.get(scriptId)
  }

  loadedScripts(): ScriptMap[] {
    return [...this.scripts.values()]
  }

  async setPauseOnExceptions(state: PauseOnExceptions): Promise<void> {
    this.pauseOnExceptions = state
    if (this.cdp) {
      await this.send('Debugger.setPauseOnExceptions', { state })
    }
  }

  /** The next pause is the failed test's stop that `--debug-on-fail` (or the failed-test filter) makes. */
  expectFailureStop(failure: string): void {
    this.failure = failure
  }

  /** Lets a worker waiting for a debugger at a failure go on to its stop; repeated until it reports it went on. */
  async releaseWait(): Promise<void> {
    await this.send('Runtime.runIfWaitingForDebugger')
  }

  async resume(): Promise<void> {
    await this.send('Debugger.resume', {})
  }

  async step(kind: 'next' | 'stepIn' | 'stepOut'): Promise<void> {
    const top = this.paused?.event.callFrames[0]
    this.expected = {
      reason: 'step',
      description: 'Paused after a step',
      step: kind,
      glueSteps: 0,
      ...top ? { from: { depth: this.paused!.event.callFrames.length, scriptId: top.location.scriptId, lineNumber: top.location.lineNumber } } : {},
    }
    const method = kind === 'next' ? 'Debugger.stepOver' : kind === 'stepIn' ? 'Debugger.stepInto' : 'Debugger.stepOut'
    await this.send(method, {})
  }

  async pause(): Promise<void> {
    this.expected = { reason: 'pause', description: 'Paused on request' }
    await this.send('Debugger.pause')
  }

  /** Binds the book's breakpoints in the given scripts (all when none given), one change at a time. */
  syncBreakpoints(scriptIds?: string[]): Promise<void> {
    const run = this.work.then(() => this.applyBreakpoints(scriptIds)).catch(() => {})
    this.work = run
    return run
  }

  private async applyBreakpoints(scriptIds: string[] | undefined): Promise<void> {
    if (!this.cdp) {
      return
    }
    if (!this.book.isEmpty && this.instrumentation === null) {
      // Pauses before each script with a source map runs, so breakpoints bind in files that load later.
      const { breakpointId } = await this.send('Debugger.setInstrumentationBreakpoint', { instrumentation: 'beforeScriptWithSourceMapExecution' })
      this.instrumentation = breakpointId
    }
    else if (this.book.isEmpty && this.instrumentation !== null) {
      await this.send('Debugger.removeBreakpoint', { breakpointId: this.instrumentation }).catch(() => {})
      this.instrumentation = null
    }
    const scripts = scriptIds ? scriptIds.map(id => this.scripts.get(id)).filter(script => script !== undefined) : [...this.scripts.values()]
    const wanted = new Map<string, { location: Protocol.Debugger.Location, members: BookedBreakpoint[] }>()
    const seen = new Set<BookedBreakpoint>()
    for (const script of scripts) {
      for (const path of script.originalPaths()) {
        for (const breakpoint of this.book.inFile(path)) {
          if (breakpoint.problem) {
            continue
          }
          const placed = this.place(script, breakpoint)
          if (!placed) {
            continue
          }
          seen.add(breakpoint)
          const key = locationKey(script.scriptId, placed.position)
          const entry = wanted.get(key) ?? { location: { scriptId: script.scriptId, ...placed.position }, members: [] }
          entry.members.push(breakpoint)
          wanted.set(key, entry)
          if (breakpoint.bound.get(this.threadId) !== placed.line) {
            const first = breakpoint.bound.size === 0
            breakpoint.bound.set(this.threadId, placed.line)
            if (first) {
              this.listener.verificationChanged(breakpoint)
            }
          }
        }
      }
    }
    const inScope = new Set(scripts.map(script => script.scriptId))
    for (const [key, location] of this.locations) {
      const wantedHere = wanted.get(key)
      if (!inScope.has(key.split(':')[0]!) || (wantedHere && combinedCondition(wantedHere.members) === location.condition)) {
        if (wantedHere) {
          location.members = wantedHere.members
          wanted.delete(key)
        }
        continue
      }
      this.locations.delete(key)
      await this.send('Debugger.removeBreakpoint', { breakpointId: location.cdpId }).catch(() => {})
    }
    for (const [key, { location, members }] of wanted) {
      const condition = combinedCondition(members)
      try {
        const { breakpointId } = await this.send('Debugger.setBreakpoint', { location, ...condition ? { condition } : {} })
        this.locations.set(key, { key, cdpId: breakpointId, condition, members })
      }
      catch {
        members.forEach(member => member.bound.delete(this.threadId))
      }
    }
    for (const breakpoint of this.book.paths().flatMap(path => this.book.inFile(path))) {
      if (!seen.has(breakpoint) && !scriptIds && breakpoint.bound.delete(this.threadId) && breakpoint.bound.size === 0) {
        this.listener.verificationChanged(breakpoint)
      }
    }
  }

  private place(script: ScriptMap, breakpoint: BookedBreakpoint): { position: { lineNumber: number, columnNumber: number }, line: number } | null {
    for (let line = breakpoint.line; line <= breakpoint.line + MAX_LINE_SHIFT; line++) {
      const position = script.generated(breakpoint.path, line, line === breakpoint.line ? breakpoint.column ?? 1 : 1)
      if (position) {
        return { position, line }
      }
    }
    return null
  }

  private async onPaused(event: Protocol.Debugger.PausedEvent): Promise<void> {
    if (event.reason === 'instrumentation') {
      const scriptId = (event.data as { scriptId?: string } | undefined)?.scriptId
      await this.syncBreakpoints(scriptId ? [scriptId] : undefined)
      await this.resume().catch(() => {})
      return
    }
    if (await this.stepOverModuleGlue(event)) {
      return
    }
    const stop = await this.explain(event)
    if (!stop) {
      await this.resume().catch(() => {})
      return
    }
    this.paused = { event, stop }
    this.listener.stopped(this, stop)
  }

  /**
   * Vite puts a module's import and export glue (the getters of `__vite_ssr_exports__`) on the first line
   * of the code it runs, which maps to nobody's code: a step that lands there takes another step.
   */
  private async stepOverModuleGlue(event: Protocol.Debugger.PausedEvent): Promise<boolean> {
    const expected = this.expected
    const top = event.callFrames[0]
    if (!expected?.step || !top || (expected.glueSteps ?? 0) >= MAX_GLUE_STEPS) {
      return false
    }
    const inGlue = top.location.lineNumber === 0 && Boolean(this.scripts.get(top.location.scriptId)?.script.sourceMapURL)
    // Back from the glue to the line the step started on: the step into the call itself is still to come.
    const backWhereItStarted = (expected.glueSteps ?? 0) > 0 && expected.step === 'stepIn' && expected.from !== undefined
      && event.callFrames.length === expected.from.depth && top.location.scriptId === expected.from.scriptId && top.location.lineNumber === expected.from.lineNumber
    if (!inGlue && !backWhereItStarted) {
      return false
    }
    expected.glueSteps = (expected.glueSteps ?? 0) + 1
    const method = expected.step === 'next' ? 'Debugger.stepOver' : expected.step === 'stepIn' ? 'Debugger.stepInto' : 'Debugger.stepOut'
    await this.send(method, {}).catch(() => {})
    return true
  }

  /** Why it stopped; null when nobody wants this stop (a hit condition not met yet). */
  private async explain(event: Protocol.Debugger.PausedEvent): Promise<Stop | null> {
    const expected = this.expected
    this.expected = null
    if (this.failure !== null && await this.isFailureStop()) {
      const text = this.failure
      this.failure = null
      return { reason: 'exception', description: 'Paused on a failed test', text, hitBreakpointIds: [] }
    }
    const hitLocations = (event.hitBreakpoints ?? []).map(id => [...this.locations.values()].find(location => location.cdpId === id)).filter(location => location !== undefined)
    if (hitLocations.length > 0 && !expected) {
      const stoppedFor: number[] = []
      for (const location of hitLocations) {
        for (const member of await this.membersThatHit(location, event)) {
          member.hits++
          if (!member.hitCondition || member.hitCondition(member.hits)) {
            stoppedFor.push(member.id)
          }
        }
      }
      return stoppedFor.length > 0 ? { reason: 'breakpoint', description: 'Paused on breakpoint', hitBreakpointIds: stoppedFor } : null
    }
    if (expected) {
      return { ...expected, hitBreakpointIds: [] }
    }
    if (event.reason === 'exception' || event.reason === 'promiseRejection' || event.reason === 'assert') {
      const text = exceptionText(event.data)
      return { reason: 'exception', description: event.reason === 'promiseRejection' ? 'Paused on promise rejection' : 'Paused on exception', ...text ? { text } : {}, hitBreakpointIds: [] }
    }
    return { reason: 'pause', description: 'Paused on debugger statement', hitBreakpointIds: [] }
  }

  /** Whether the worker marked this pause as its stop at the failed test (and takes the mark away). */
  private async isFailureStop(): Promise<boolean> {
    const key = `Symbol.for(${JSON.stringify(FAILURE_STOP_KEY)})`
    const { result } = await this.send('Runtime.evaluate', { expression: `(() => { const marked = process[${key}] === true; delete process[${key}]; return marked })()`, returnByValue: true, silent: true }).catch(() => ({ result: { type: 'boolean', value: false } as Protocol.Runtime.RemoteObject }))
    return result.value === true
  }

  /** The breakpoints at a location whose own condition holds (V8 checked only that one of them did). */
  private async membersThatHit(location: BoundLocation, event: Protocol.Debugger.PausedEvent): Promise<BookedBreakpoint[]> {
    const stopping = location.members.filter(member => member.logMessage === undefined)
    if (stopping.length <= 1) {
      return stopping
    }
    const frame = event.callFrames[0]
    const results = await Promise.all(stopping.map(async (member) => {
      if (!member.condition || !frame) {
        return true
      }
      const { result } = await this.send('Debugger.evaluateOnCallFrame', { callFrameId: frame.callFrameId, expression: `!!(${member.condition})`, silent: true, returnByValue: true }).catch(() => ({ result: { type: 'boolean', value: false } as Protocol.Runtime.RemoteObject }))
      return result.value === true
    }))
    return stopping.filter((_, index) => results[index])
  }

  private onResumed(): void {
    if (this.paused) {
      this.paused = null
      this.listener.continued(this)
    }
  }

  /** Evaluates in the worker's global scope and returns the value (JSON-safe); throws with the exception's text. */
  async evaluateValue(expression: string, timeoutMs: number): Promise<unknown> {
    const answer = this.send('Runtime.evaluate', { expression, returnByValue: true, silent: true })
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the worker did not answer within ${timeoutMs} ms: its thread is busy (a loop that does not yield?)`)), timeoutMs).unref())
    const { result, exceptionDetails } = await Promise.race([answer, timeout])
    if (exceptionDetails) {
      throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text)
    }
    return result.value
  }
}
