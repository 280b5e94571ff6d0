import type { OperationKind } from '../../shared/ledger.js'
import type { StackCapture } from '../../shared/worker-options.js'
import type { Session } from '../session.js'
import type { Scope } from '../worker-state.js'
import type { Owner } from './operation.js'
import type { CapturedStack } from './stack.js'
import type { HookCallbacks } from 'node:async_hooks'
import { createHook } from 'node:async_hooks'
import { isRequest, kindOfType } from './kinds.js'
import { underlyingResource } from './liveness.js'
import { Operation } from './operation.js'
import { captureStack } from './stack.js'

export interface TrackerOptions {
  capture: StackCapture
  maxOperationsPerSession: number
  ignoreKinds: readonly OperationKind[]
}

/** Work of an ended session that ran: an operation's callback, or a promise settling (untracked promises have no operation). */
export interface LateEvent {
  owner: Session
  operation: Operation | null
  event: 'callback' | 'promise-settled'
}

// Stacks are captured below `init`, so they start at the code that created the resource.
function hooksFor(tracker: Tracker, trackPromises: boolean): HookCallbacks {
  const hooks: HookCallbacks = {
    init: function init(id: number, type: string, _trigger: number, resource: object) {
      if (type === 'PROMISE') {
        tracker.promiseCreated(id, init)
      }
      else {
        tracker.resourceCreated(id, type, resource, init)
      }
    },
    before(id: number) {
      tracker.tick++
      const operation = tracker.handles.get(id)
      if (operation !== undefined) {
        tracker.callbackRan(operation)
      }
      else {
        tracker.untrackedCallbackRan()
      }
    },
  }
  // Without it Node skips a call per settled promise.
  if (trackPromises) {
    hooks.promiseResolve = (id: number) => {
      const operation = tracker.promises.get(id)
      if (operation !== undefined) {
        tracker.promiseSettled(id, operation)
      }
    }
  }
  return hooks
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
  tick = 0
  onLate: (late: LateEvent) => void = () => {}
  private readonly ignored: Set<OperationKind>
  private readonly maxTracked: number
  private readonly promiseStacks: boolean

  constructor(private readonly storage: { getStore: () => Scope | undefined }, private readonly options: TrackerOptions) {
    this.ignored = new Set(options.ignoreKinds)
    this.maxTracked = options.maxOperationsPerSession * 20
    this.promiseStacks = options.capture === 'full'
  }

  enable(): void {
    createHook(hooksFor(this, this.promiseStacks)).enable()
  }

  promiseCreated(id: number, below: (...args: never[]) => unknown): void {
    const session = this.storage.getStore()?.session
    // Promises made by a session's late callbacks are consequences of work already reported.
    if (session === undefined || session === null || session.ended) {
      return
    }
    const ledger = session.operations
    ledger.promisesCreated++
    if (!this.promiseStacks) {
      return
    }
    if (ledger.operations.length >= this.options.maxOperationsPerSession || this.promises.size >= this.maxTracked) {
      ledger.dropped++
      return
    }
    const operation = new Operation(id, 'PROMISE', 'promise', { session, scope: 'test', file: null }, this.tick, null, captureStack(below))
    ledger.operations.push(operation)
    this.promises.set(id, operation)
  }

  resourceCreated(id: number, type: string, resource: object, below: (...args: never[]) => unknown): void {
    const kind = kindOfType(type)
    if (kind === undefined || kind === 'promise' || this.ignored.has(kind)) {
      return
    }
    const scope = this.storage.getStore()
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
    const stack: CapturedStack | null = this.options.capture === 'off' ? null : captureStack(below)
    const operation = new Operation(id, type, kind, owner, this.tick, new WeakRef(underlyingResource(resource)), stack)
    ledger?.operations.push(operation)
    this.handles.set(id, operation)
  }

  private ownerOf(scope: Scope | undefined): Owner | null {
    if (scope?.session) {
      return { session: scope.session, scope: 'test', file: scope.session.identity.file }
    }
    if (scope?.suiteFile) {
      return { session: null, scope: 'suite-hook', file: scope.suiteFile }
    }
    return this.collecting ? this.moduleOwner : null
  }

  callbackRan(operation: Operation): void {
    // An unref'd handle (an idle keep-alive socket, an unref'd timer) is allowed to outlive its test.
    const keptAlive = operation.keepsProcessAlive()
    operation.callbacks++
    if (isRequest(operation.kind)) {
      this.handles.delete(operation.id)
    }
    const owner = operation.owner.session
    if (owner?.ended && keptAlive && !operation.followsLateWork) {
      this.late({ owner, operation, event: 'callback' })
    }
  }

  promiseSettled(id: number, operation: Operation): void {
    this.promises.delete(id)
    operation.settled = true
  }

  /**
   * A callback of something not tracked one by one (a promise reaction) ran. The store of a callback
   * is the context that created its resource, so an ended session here is late work of that session.
   */
  untrackedCallbackRan(): void {
    const session = this.storage.getStore()?.session
    if (session?.ended) {
      this.late({ owner: session, operation: null, event: 'promise-settled' })
    }
  }

  /** An exception inside an async hook ends the process, so recording failures are dropped. */
  private late(event: LateEvent): void {
    try {
      this.onLate(event)
    }
    catch {}
  }

  /** Forgets what has ended, so a long file does not keep every timer it ever made. */
  prune(operations: Iterable<Operation>): void {
    for (const operation of operations) {
      if (!operation.alive()) {
        this.handles.delete(operation.id)
      }
    }
  }
}
