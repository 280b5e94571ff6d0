import type { AbortRecord, AbortOutcome, OperationRecord } from '../../shared/ledger.js'
import type { Session } from '../session.js'
import type { WorkerState } from '../worker-state.js'
import type { Operation } from './operation.js'
import type { CapturedStack } from './stack.js'
import { executionAsyncId } from 'node:async_hooks'
import { getEventListeners } from 'node:events'
import { describeThrown } from '../thrown-value.js'
import { captureStack, originOf } from './stack.js'

type SignalSource = AbortRecord['source']

interface ListenerInfo {
  listener: unknown
  stack: CapturedStack
  session: Session | null
}

interface SignalInfo {
  source: SignalSource
  createdBy: Session | null
  listeners: ListenerInfo[]
}

/** An abort while its record is still being filled in (the outcome is known when the session ends). */
export interface PendingAbort {
  record: AbortRecord
  pendingAtAbort: Operation[]
  signal: 'test-signal' | 'other-signal'
}

export interface AbortLedgerHooks {
  /** Called synchronously when a test's own signal aborts, before Vitest runs afterEach hooks. */
  onTestSignalAborted: (session: Session, reason: unknown) => void
}

const patchedKey = Symbol.for('vitest-async-debug.abort-ledger')

type SignalMethod = 'dispatchEvent' | 'addEventListener' | 'removeEventListener'

/**
 * Patches the prototypes of the AbortSignal class the test file sees; the behaviour of every call is
 * unchanged. The original methods are the ones that class inherits: in Vitest's jsdom environment the
 * global `EventTarget` is jsdom's while `AbortSignal` stays Node's, and happy-dom brings its own of both.
 */
function patchAbortApis(ledger: AbortLedger, signalClass: typeof AbortSignal, controllerClass: typeof AbortController): void {
  const prototype = signalClass.prototype
  const original = {
    dispatchEvent: prototype.dispatchEvent,
    addEventListener: prototype.addEventListener,
    removeEventListener: prototype.removeEventListener,
  }
  const define = (name: SignalMethod, value: (...args: never[]) => unknown): void => {
    Object.defineProperty(prototype, name, { configurable: true, writable: true, value })
  }

  // The global may be read-only (vm pools), so controllers are met through their `signal` getter.
  const descriptor = Object.getOwnPropertyDescriptor(controllerClass.prototype, 'signal')
  const getSignal = descriptor?.get
  if (getSignal && descriptor.configurable) {
    Object.defineProperty(controllerClass.prototype, 'signal', {
      ...descriptor,
      get: function signal(this: AbortController) {
        const signal = getSignal.call(this) as AbortSignal
        ledger.seen(signal, 'controller')
        return signal
      },
    })
  }
  for (const name of ['timeout', 'any'] as const) {
    const factory = signalClass[name] as (...args: unknown[]) => AbortSignal
    if (typeof factory === 'function') {
      signalClass[name] = function (this: typeof AbortSignal, ...args: unknown[]) {
        const signal = factory.apply(this, args)
        ledger.seen(signal, name)
        return signal
      } as never
    }
  }
  // Every abort dispatches one `abort` event: controllers, AbortSignal.timeout and signals following any().
  // happy-dom dispatches the same event again for each phase, so each event is recorded once.
  const recorded = new WeakSet<Event>()
  define('dispatchEvent', function dispatchAbortAware(this: AbortSignal, event: Event) {
    if (event?.type !== 'abort' || recorded.has(event)) {
      return original.dispatchEvent.call(this, event)
    }
    recorded.add(event)
    // Recorded before the listeners run: they may clear the very work a timed-out test was waiting on.
    ledger.aborted(this, captureStack(dispatchAbortAware), ledger.listenersOf(this))
    return original.dispatchEvent.call(this, event)
  })
  define('addEventListener', function addAbortAwareListener(this: AbortSignal, type: string, ...rest: unknown[]) {
    if (type === 'abort' && !this.aborted) {
      ledger.listenerAdded(this, rest[0], captureStack(addAbortAwareListener))
    }
    return (original.addEventListener as (...args: unknown[]) => void).call(this, type, ...rest)
  })
  define('removeEventListener', function removeAbortAwareListener(this: AbortSignal, type: string, ...rest: unknown[]) {
    if (type === 'abort') {
      ledger.listenerRemoved(this, rest[0])
    }
    return (original.removeEventListener as (...args: unknown[]) => void).call(this, type, ...rest)
  })
}

/** The `abort` listeners Node knows to be attached, or null for a signal that is not Node's own. */
function attachedListeners(signal: AbortSignal): Set<unknown> | null {
  try {
    return new Set(getEventListeners(signal, 'abort'))
  }
  catch {
    return null
  }
}

/**
 * Watches AbortController/AbortSignal: who created each signal, who aborted it and where, which
 * listeners it had.
 */
export class AbortLedger {
  private readonly signals = new WeakMap<AbortSignal, SignalInfo>()
  private readonly testSignals = new WeakMap<AbortSignal, Session>()
  private readonly pending = new WeakMap<Session, PendingAbort[]>()

  constructor(private readonly state: WorkerState, private readonly root: string, private readonly hooks: AbortLedgerHooks) {}

  /** Called for every test file: an environment (jsdom, happy-dom, edge-runtime) may bring its own classes. */
  install(): void {
    if (typeof AbortController !== 'function' || typeof AbortSignal !== 'function') {
      return
    }
    // Marked on the prototype: vm pools give each file its own global but share Node's classes.
    const holder = AbortSignal.prototype as { [patchedKey]?: boolean }
    if (Object.hasOwn(holder, patchedKey)) {
      return
    }
    try {
      Object.defineProperty(holder, patchedKey, { value: true })
      patchAbortApis(this, AbortSignal, AbortController)
    }
    catch {
      // A frozen or unusual environment: aborts are not tracked, the tests run as they would.
    }
  }

  /**
   * The registered listeners still attached: removed ones (a finished `timers/promises` delay) will not
   * run. Node knows which are attached to its own signals; for others, removals seen by the patch count.
   */
  listenersOf(signal: AbortSignal): ListenerInfo[] {
    const listeners = this.signals.get(signal)?.listeners ?? []
    const attached = attachedListeners(signal)
    return attached === null ? listeners : listeners.filter(info => attached.has(info.listener))
  }

  listenerRemoved(signal: AbortSignal, listener: unknown): void {
    const info = this.signals.get(signal)
    const index = info?.listeners.findIndex(registered => registered.listener === listener) ?? -1
    if (index >= 0) {
      info!.listeners.splice(index, 1)
    }
  }

  /** Vitest's `context.signal` of a test: aborted on timeout and when the run is cancelled. */
  markTestSignal(signal: AbortSignal, session: Session): void {
    this.testSignals.set(signal, session)
    const info = this.infoOf(signal, 'test-signal')
    info.source = 'test-signal'
    info.createdBy = session
  }

  private currentSession(): Session | null {
    return this.state.storage.getStore()?.session ?? null
  }

  private runningSession(): Session | null {
    let latest: Session | null = null
    for (const session of this.state.openSessions) {
      latest = session
    }
    return latest
  }

  private infoOf(signal: AbortSignal, source: SignalSource): SignalInfo {
    let info = this.signals.get(signal)
    if (!info) {
      info = { source, createdBy: null, listeners: [] }
      this.signals.set(signal, info)
    }
    return info
  }

  /** The first time a signal is met (its controller's `signal` read, or made by AbortSignal.timeout/any) stands for its creation. */
  seen(signal: AbortSignal, source: SignalSource): void {
    if (!this.signals.has(signal)) {
      this.signals.set(signal, { source, createdBy: this.currentSession(), listeners: [] })
    }
  }

  listenerAdded(signal: AbortSignal, listener: unknown, stack: CapturedStack): void {
    const session = this.currentSession()
    this.infoOf(signal, 'controller').listeners.push({ listener, stack, session })
    if (session === null) {
      return
    }
    // Work started in the same synchronous run, just before the listener, is taken to be what listens.
    const linked = this.testSignals.get(signal) === session ? 'test-signal' : 'other-signal'
    const running = executionAsyncId()
    const operations = session.operations.operations
    for (let index = operations.length - 1; index >= 0 && index >= operations.length - 4; index--) {
      const operation = operations[index]!
      if (operation.executionId !== running) {
        break
      }
      operation.signal ??= linked
    }
  }

  aborted(signal: AbortSignal, stack: CapturedStack, listeners: ListenerInfo[]): void {
    try {
      this.record(signal, stack, listeners)
    }
    catch {
      // Recording must never change what an abort does.
    }
  }

  private record(signal: AbortSignal, stack: CapturedStack, listeners: ListenerInfo[]): void {
    const info = this.infoOf(signal, 'controller')
    const testSession = this.testSignals.get(signal)
    const abortedBy = this.currentSession()
    const live = abortedBy && !abortedBy.ended ? abortedBy : null
    const target = testSession && !testSession.ended ? testSession : live ?? this.runningSession()
    if (target === null) {
      return
    }
    const actor = abortedBy ?? target
    const reason = describeThrown(signal.reason)
    const record: AbortRecord = {
      source: info.source,
      reason: { name: reason.name, message: reason.message },
      abortSite: originOf(stack, this.root).site,
      at: target.elapsedMs(),
      createdBy: info.createdBy?.ref() ?? null,
      abortedBy: abortedBy?.ref() ?? null,
      crossesSessions: info.createdBy !== null && actor !== info.createdBy,
      listeners: listeners.map(({ stack: registered }) => {
        const { site, machinery } = originOf(registered, this.root)
        return { site, machinery }
      }),
      ignoredBy: [],
      outcome: 'handled',
    }
    const pendingAtAbort = target.operations.operations.filter(operation => operation.alive())
    const list = this.pending.get(target) ?? []
    list.push({ record, pendingAtAbort, signal: testSession === target ? 'test-signal' : 'other-signal' })
    this.pending.set(target, list)
    if (testSession === target) {
      this.hooks.onTestSignalAborted(target, signal.reason)
    }
  }

  /** Completes the session's abort records once its outcome is known. */
  conclude(session: Session, failureMessages: readonly string[], describe: (operation: Operation) => OperationRecord | null): AbortRecord[] {
    const list = this.pending.get(session) ?? []
    this.pending.delete(session)
    return list.map(({ record, pendingAtAbort, signal }) => {
      // Unref'd handles (AbortSignal.timeout's own timer, for one) cannot hold anything up.
      const ignoredBy = pendingAtAbort
        .filter(operation => operation.kind !== 'promise' && operation.signal === null && operation.alive() && operation.keepsProcessAlive())
        .map(describe)
        .filter(operation => operation !== null)
      const userListeners = record.listeners.filter(listener => !listener.machinery).length
      let outcome: AbortOutcome = 'handled'
      if (ignoredBy.length > 0) {
        outcome = 'ignored-by-pending-work'
      }
      else if (failureMessages.includes(record.reason.message)) {
        outcome = 'became-test-failure'
      }
      else if (userListeners > 0 || signal === 'test-signal') {
        outcome = 'swallowed'
      }
      return { ...record, ignoredBy, outcome }
    })
  }
}
