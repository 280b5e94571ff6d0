import type { AbortRecord, AbortOutcome, OperationRecord } from '../../shared/ledger.js'
import type { Session } from '../session.js'
import type { WorkerState } from '../worker-state.js'
import type { Operation } from './operation.js'
import type { CapturedStack } from './stack.js'
import { executionAsyncId } from 'node:async_hooks'
import { getEventListeners } from 'node:events'
import { guarded } from '../plugin-faults.js'
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
  /** Where its controller was constructed, when the constructor was seen. */
  creationStack: CapturedStack | null
  listeners: ListenerInfo[]
}

interface ControllerInfo {
  createdBy: Session | null
  stack: CapturedStack
}

/** An abort while its record is still being filled in (the outcome is known when the session ends). */
export interface PendingAbort {
  record: AbortRecord
  pendingAtAbort: Operation[]
  signal: AbortSignal
  isTestSignal: boolean
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

  // Node creates a controller's signal on first read, so the constructor is what says which test made it.
  // The global may be read-only (vm pools): then controllers are met through their `signal` getter.
  const global = Object.getOwnPropertyDescriptor(globalThis, 'AbortController')
  if (global?.value === controllerClass && global.writable && global.configurable) {
    Object.defineProperty(globalThis, 'AbortController', {
      ...global,
      value: new Proxy(controllerClass, {
        construct: function constructController(target, args, newTarget) {
          const controller = Reflect.construct(target, args, newTarget) as AbortController
          guarded('recording where an AbortController was created', () => ledger.controllerCreated(controller, captureStack(constructController)), undefined)
          return controller
        },
      }),
    })
  }
  const descriptor = Object.getOwnPropertyDescriptor(controllerClass.prototype, 'signal')
  const getSignal = descriptor?.get
  if (getSignal && descriptor.configurable) {
    Object.defineProperty(controllerClass.prototype, 'signal', {
      ...descriptor,
      get: function signal(this: AbortController) {
        const signal = getSignal.call(this) as AbortSignal
        guarded('recording an AbortSignal', () => ledger.seen(signal, 'controller', this), undefined)
        return signal
      },
    })
  }
  for (const name of ['timeout', 'any'] as const) {
    const factory = signalClass[name] as (...args: unknown[]) => AbortSignal
    if (typeof factory === 'function') {
      signalClass[name] = function (this: typeof AbortSignal, ...args: unknown[]) {
        const signal = factory.apply(this, args)
        guarded('recording an AbortSignal', () => ledger.seen(signal, name), undefined)
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
    guarded('recording an abort', () => ledger.aborted(this, captureStack(dispatchAbortAware), ledger.listenersOf(this)), undefined)
    return original.dispatchEvent.call(this, event)
  })
  define('addEventListener', function addAbortAwareListener(this: AbortSignal, type: string, ...rest: unknown[]) {
    if (type === 'abort' && !this.aborted) {
      guarded('recording an abort listener', () => ledger.listenerAdded(this, rest[0], captureStack(addAbortAwareListener)), undefined)
    }
    return (original.addEventListener as (...args: unknown[]) => void).call(this, type, ...rest)
  })
  define('removeEventListener', function removeAbortAwareListener(this: AbortSignal, type: string, ...rest: unknown[]) {
    if (type === 'abort') {
      guarded('recording a removed abort listener', () => ledger.listenerRemoved(this, rest[0]), undefined)
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
  private readonly controllers = new WeakMap<AbortController, ControllerInfo>()
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
      info = { source, createdBy: null, creationStack: null, listeners: [] }
      this.signals.set(signal, info)
    }
    return info
  }

  controllerCreated(controller: AbortController, stack: CapturedStack): void {
    this.controllers.set(controller, { createdBy: this.currentSession(), stack })
  }

  /**
   * A signal is met when its controller's `signal` is read or AbortSignal.timeout/any makes it. It was
   * created with its controller when the constructor was seen, else when first met.
   */
  seen(signal: AbortSignal, source: SignalSource, controller?: AbortController): void {
    if (!this.signals.has(signal)) {
      const created = controller && this.controllers.get(controller)
      this.signals.set(signal, { source, createdBy: created ? created.createdBy : this.currentSession(), creationStack: created?.stack ?? null, listeners: [] })
    }
  }

  /** Made or aborted by code outside the test's own file: a library (or a shared helper) managing its own lifecycle. */
  private outsideTest(stack: CapturedStack | null, session: Session | null): boolean {
    const site = stack && originOf(stack, this.root).site
    return site !== null && session !== null && site.file !== session.identity.file
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
      operation.heardSignals.add(signal)
    }
  }

  aborted(signal: AbortSignal, stack: CapturedStack, listeners: ListenerInfo[]): void {
    this.record(signal, stack, listeners)
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
    // A library's controller for its own lifetime, ended by its dispose() in a later test, crosses nothing.
    const lifecycle = this.outsideTest(info.creationStack, info.createdBy) && this.outsideTest(stack, actor)
    const record: AbortRecord = {
      source: info.source,
      reason: { name: reason.name, message: reason.message },
      abortSite: originOf(stack, this.root).site,
      at: target.elapsedMs(),
      createdBy: info.createdBy?.ref() ?? null,
      abortedBy: abortedBy?.ref() ?? null,
      crossesSessions: info.createdBy !== null && actor !== info.createdBy && !lifecycle,
      listeners: listeners.map(({ stack: registered }) => {
        const { site, machinery } = originOf(registered, this.root)
        return { site, machinery }
      }),
      ignoredBy: [],
      outcome: 'handled',
    }
    const pendingAtAbort = target.operations.operations.filter(operation => operation.alive())
    const list = this.pending.get(target) ?? []
    list.push({ record, pendingAtAbort, signal, isTestSignal: testSession === target })
    this.pending.set(target, list)
    if (testSession === target) {
      this.hooks.onTestSignalAborted(target, signal.reason)
    }
  }

  /** Completes the session's abort records once its outcome is known. */
  conclude(session: Session, failureMessages: readonly string[], describe: (operation: Operation) => OperationRecord | null): AbortRecord[] {
    const list = this.pending.get(session) ?? []
    this.pending.delete(session)
    return list.map(({ record, pendingAtAbort, signal, isTestSignal }) => {
      // A test is handed its own signal, so everything it still runs could have reacted; another signal
      // can only be ignored by work that was handed it (a fallback timer racing the work is not).
      const handed = (operation: Operation): boolean => isTestSignal ? operation.signal === null : operation.heardSignals.has(signal)
      // Unref'd handles (AbortSignal.timeout's own timer, for one) cannot hold anything up.
      const ignoredBy = pendingAtAbort
        .filter(operation => operation.kind !== 'promise' && handed(operation) && operation.alive() && operation.keepsProcessAlive() && !operation.closing())
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
      else if (userListeners > 0 || isTestSignal) {
        outcome = 'swallowed'
      }
      return { ...record, ignoredBy, outcome }
    })
  }
}
