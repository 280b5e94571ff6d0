import type { OperationKind } from '../../shared/ledger.js'
import type { StackCapture } from '../../shared/worker-options.js'
import type { Session } from '../session.js'
import type { ScopeStorage } from '../scope-storage.js'
import type { Scope } from '../worker-state.js'
import type { Owner } from './operation.js'
import type { CapturedStack } from './stack.js'
import type { HookOptions } from '../node-features.js'
import { createHook, executionAsyncId } from 'node:async_hooks'
import { followDnsLookups, followFetchCalls } from './deferred-origins.js'
import { isRequest, kindOfType } from './kinds.js'
import { underlyingResource } from './liveness.js'
import { recordPluginFault } from '../plugin-faults.js'
import { Operation } from './operation.js'
import { captureStack } from './stack.js'

export interface TrackerOptions {
  capture: StackCapture
  maxOperationsPerSession: number
}

function captureDepthFor(kind: OperationKind): 'timer' | 'socket' | 'other' {
  return kind === 'timeout' || kind === 'immediate' ? 'timer' : kind === 'socket' ? 'socket' : 'other'
}

/** Work of an ended session that ran: an operation's callback, or a promise settling (tracked with full capture). */
export interface LateEvent {
  owner: Session
  operation: Operation | null
  event: 'callback' | 'promise-settled'
}

// Stacks are captured below `init`, so they start at the code that created the resource.
function hooksFor(tracker: Tracker, trackPromises: boolean): HookOptions {
  const hooks: HookOptions = {
    init: function init(id: number, type: string, _trigger: number, resource: object) {
      // An exception in an async hook ends the process: whatever goes wrong here is recorded instead.
      try {
        const scope = tracker.storage.scopeForNewResource(resource)
        if (type !== 'PROMISE') {
          tracker.resourceCreated(id, type, resource, scope, init)
        }
        else if (trackPromises) {
          tracker.promiseCreated(id, scope, init)
        }
      }
      catch (error) {
        recordPluginFault('tracking an async resource', error)
      }
    },
  }
  // Promises are most of what a worker creates: where the scope needs no promise hooks (Node 24+) they
  // reach no hook at all without full capture; elsewhere `init` sees them only to pass the scope on.
  hooks.trackPromises = trackPromises || !tracker.storage.propagatesWithoutPromiseHooks
  if (trackPromises) {
    hooks.promiseResolve = (id: number) => {
      try {
        const operation = tracker.promises.get(id)
        if (operation !== undefined) {
          tracker.promiseSettled(id, operation)
        }
      }
      catch (error) {
        recordPluginFault('watching promises', error)
      }
    }
  }
  return hooks
}

/**
 * A `before` hook runs for every callback in the worker, promise reactions included, so it is only
 * enabled while some operation is watched: a request or child process in flight, or work a test left
 * running after it ended (whose callbacks are late activity).
 */
function callbackHookFor(tracker: Tracker): HookOptions {
  return {
    trackPromises: false,
    before(id: number) {
      try {
        const operation = tracker.handles.get(id)
        if (operation !== undefined) {
          tracker.callbackRan(operation)
        }
      }
      catch (error) {
        recordPluginFault('watching work left running', error)
      }
    },
  }
}

/** Worker-wide bookkeeping of the async resources sessions create (async_hooks, no destroy hook). */
export class Tracker {
  /** Non-promise resources, while they may still be alive. */
  readonly handles = new Map<number, Operation>()
  /** Unsettled promises, kept one by one only when stacks are captured for promises. */
  readonly promises = new Map<number, Operation>()
  /** Work created while a test file was being imported, before its suite ran. */
  moduleOwner: Owner = { session: null, scope: 'module', file: null }
  collecting = true
  /** Set while a callback runs that Node calls for work user code started (see deferred-origins.ts). */
  deferredOrigin: CapturedStack | null = null
  onLate: (late: LateEvent) => void = () => {}
  private readonly maxTracked: number
  private readonly promiseStacks: boolean
  private readonly callbackHook = createHook(callbackHookFor(this))
  private watchedCount = 0

  constructor(readonly storage: ScopeStorage, private readonly options: TrackerOptions) {
    this.maxTracked = options.maxOperationsPerSession * 20
    this.promiseStacks = options.capture === 'full'
  }

  enable(): void {
    this.storage.propagatedByHook()
    createHook(hooksFor(this, this.promiseStacks)).enable()
    if (this.options.capture !== 'off') {
      followDnsLookups((origin) => {
        const previous = this.deferredOrigin
        this.deferredOrigin = origin
        return previous
      })
      followFetchCalls((origin, work) => {
        const scope = this.storage.getStore()
        return scope === undefined ? work() : this.storage.run({ ...scope, origin }, work)
      })
    }
  }

  promiseCreated(id: number, scope: Scope | undefined, below: (...args: never[]) => unknown): void {
    const session = scope?.session
    // Promises made by a session's late callbacks are consequences of work already reported.
    if (session === undefined || session === null || session.ended) {
      return
    }
    const ledger = session.operations
    ledger.promisesCreated++
    if (ledger.operations.length >= this.options.maxOperationsPerSession || this.promises.size >= this.maxTracked) {
      ledger.dropped++
      return
    }
    const operation = new Operation(id, 'PROMISE', 'promise', { session, scope: 'test', file: null }, executionAsyncId(), null, captureStack(below))
    ledger.operations.push(operation)
    this.promises.set(id, operation)
  }

  resourceCreated(id: number, type: string, resource: object, scope: Scope | undefined, below: (...args: never[]) => unknown): void {
    const kind = kindOfType(type)
    if (kind === undefined || kind === 'promise') {
      return
    }
    const owner = this.ownerOf(scope)
    if (owner === null) {
      return
    }
    const ledger = owner.session?.operations
    ledger?.count(kind)
    if ((ledger && ledger.operations.length >= this.options.maxOperationsPerSession) || this.handles.size >= this.maxTracked) {
      if (ledger) {
        ledger.dropped++
      }
      return
    }
    const stack: CapturedStack | null = this.options.capture === 'off' ? null : captureStack(below, captureDepthFor(kind))
    // A handle Node opens for the call (a socket) is the caller's; a timer or immediate Node queues for its
    // own bookkeeping on the way is not something the caller could clear, so it keeps only its own frames.
    const deferredFrom = captureDepthFor(kind) === 'timer' ? null : this.deferredOrigin ?? scope?.origin
    if (stack && deferredFrom) {
      stack.deferredFrom = deferredFrom
    }
    const operation = new Operation(id, type, kind, owner, executionAsyncId(), kind === 'timeout' || kind === 'immediate' ? resource : new WeakRef(underlyingResource(resource)), stack)
    ledger?.operations.push(operation)
    this.handles.set(id, operation)
    if (isRequest(kind) || kind === 'child-process') {
      this.watch(operation)
    }
  }

  private ownerOf(scope: Scope | undefined): Owner | null {
    if (scope?.session) {
      return scope.session.operations.owner(scope.session)
    }
    if (scope?.suiteFile) {
      return { session: null, scope: 'suite-hook', file: scope.suiteFile }
    }
    return this.collecting ? this.moduleOwner : null
  }

  /** Counts the operation's callbacks from now on; late activity needs them. */
  watch(operation: Operation): void {
    if (operation.watched) {
      return
    }
    operation.watched = true
    if (this.watchedCount++ === 0) {
      this.callbackHook.enable()
    }
  }

  private unwatch(operation: Operation): void {
    if (!operation.watched) {
      return
    }
    operation.watched = false
    if (--this.watchedCount === 0) {
      this.callbackHook.disable()
    }
  }

  callbackRan(operation: Operation): void {
    if (!operation.watched) {
      return
    }
    // An unref'd handle (an idle keep-alive socket, an unref'd timer) is allowed to outlive its test.
    const keptAlive = operation.keepsProcessAlive()
    operation.callbacks++
    // One-shot work is done after its callback, so the callback hook can go off again sooner.
    if (isRequest(operation.kind) || operation.kind === 'child-process' || operation.kind === 'immediate' || operation.describedKind() === 'timeout') {
      this.unwatch(operation)
    }
    if (isRequest(operation.kind)) {
      this.handles.delete(operation.id)
    }
    const owner = operation.owner.session
    if (owner?.ended && keptAlive && !operation.followsLateWork && !operation.closing()) {
      this.late({ owner, operation, event: 'callback' })
    }
  }

  promiseSettled(id: number, operation: Operation): void {
    this.promises.delete(id)
    operation.settled = true
    const owner = operation.owner.session
    if (owner?.ended) {
      this.late({ owner, operation, event: 'promise-settled' })
    }
  }

  /** An exception inside an async hook ends the process, so a failure to record is recorded as the plugin's. */
  private late(event: LateEvent): void {
    try {
      this.onLate(event)
    }
    catch (error) {
      recordPluginFault('recording late activity', error)
    }
  }

  /** Forgets what has ended, so a long file does not keep every timer it ever made. */
  prune(operations: Iterable<Operation>): void {
    for (const operation of operations) {
      if (!operation.alive()) {
        this.handles.delete(operation.id)
        this.unwatch(operation)
        operation.release()
      }
    }
  }
}
