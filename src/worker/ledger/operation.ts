import type { OperationKind, OperationRecord } from '../../shared/ledger.js'
import type { Session } from '../session.js'
import type { CapturedStack, StackOrigin } from './stack.js'
import { hintFor, isRequest } from './kinds.js'
import { createdWhileClosing, handleIsClosing } from './closing.js'
import { isAlive, keepsProcessAlive } from './liveness.js'
import { isProjectFile, originOf } from './stack.js'
import { monotonicNow } from '../real-time.js'

/**
 * A zero-delay timer (`setTimeout(fn)` is 1 ms) fires before anyone could act on it: it is waited for, not
 * reported. Longer ones are not waited for: the wait happens before Vitest sees the test end.
 */
const dueNowMs = 1

/** Who created an operation: a test's session, or the suite-level code of a file. */
export interface Owner {
  readonly session: Session | null
  readonly scope: 'test' | 'suite-hook' | 'module'
  /** Test file of a suite hook or module; set when the file starts for work created while it was imported. */
  file: string | null
}

/** One async resource a session (or a file's suite hooks) created. */
export class Operation {
  /** Callbacks seen while watched (see Tracker.watch): requests, child processes, work left running. */
  callbacks = 0
  watched = false
  /** Promises only: set when it resolved or rejected. */
  settled = false
  /** Set once the owner has ended and the operation did something. */
  late: { count: number, record: object } | null = null
  signal: 'test-signal' | 'other-signal' | null = null
  /** The test that last sent a request over this socket, when it is not the one that opened it (a pooled keep-alive socket). */
  usedBy: Session | null = null
  /** Set when a close the test called (a built-in WebSocket's) wrote to this socket. */
  askedToEnd = false
  /** The signals it was handed (it registered an `abort` listener on them in the call that created it). */
  readonly heardSignals = new Set<AbortSignal>()
  private origin: StackOrigin | null = null
  private madeWhileClosing: boolean | undefined
  private readonly createdAt = monotonicNow()
  /** Made by a callback that ran after its session ended: a consequence of late work already recorded. */
  readonly followsLateWork: boolean

  constructor(
    readonly id: number,
    readonly type: string,
    readonly kind: OperationKind,
    readonly owner: Owner,
    /** The async id of the code that created it: work made in one synchronous run shares it. */
    readonly executionId: number,
    /** Timers are held directly (cheap, and released on prune); other resources through a WeakRef, so a leaked FileHandle can still be collected. */
    private resource: WeakRef<object> | object | null,
    private readonly stack: CapturedStack | null,
  ) {
    this.followsLateWork = owner.session?.ended ?? false
  }

  private target(): object | undefined {
    const resource = this.resource
    return resource instanceof WeakRef ? resource.deref() : resource ?? undefined
  }

  /** The resource itself (a handle, a timer) while it is held. */
  handle(): object | undefined {
    return this.target()
  }

  /** Drops the resource once the operation is over. */
  release(): void {
    this.resource = null
    this.heardSignals.clear()
  }

  alive(): boolean {
    if (this.kind === 'promise') {
      return !this.settled
    }
    // A child process's only callback is its exit; its handle closes a loop turn later.
    if (isRequest(this.kind) || (this.kind === 'child-process' && this.callbacks > 0)) {
      return this.callbacks === 0
    }
    const resource = this.target()
    return resource !== undefined && isAlive(this.type, resource, this.id)
  }

  keepsProcessAlive(): boolean {
    if (isRequest(this.kind)) {
      return this.alive()
    }
    const resource = this.target()
    return resource !== undefined && this.alive() && keepsProcessAlive(this.type, resource, this.id)
  }

  /** Asked to end (destroyed, closed, killed) or made by the call that did, and only finishing: not left running. */
  closing(): boolean {
    if (this.kind === 'timeout' || this.kind === 'immediate') {
      this.madeWhileClosing ??= createdWhileClosing(this.stack, isProjectFile)
      return this.madeWhileClosing
    }
    const resource = this.target()
    return resource !== undefined && (this.askedToEnd || handleIsClosing(this.type, resource))
  }

  /** An immediate, or a one-off zero-delay timer: work that runs as soon as the loop turns. */
  isDueNow(): boolean {
    if (this.kind === 'immediate') {
      return true
    }
    const timer = this.kind === 'timeout' ? this.target() as { _idleTimeout?: unknown, _repeat?: unknown } | undefined : undefined
    return typeof timer?._idleTimeout === 'number' && timer._idleTimeout >= 0 && timer._idleTimeout <= dueNowMs && !timer._repeat
  }

  describedKind(): OperationKind {
    const resource = this.target() as { _repeat?: unknown } | undefined
    return this.kind === 'timeout' && resource?._repeat ? 'interval' : this.kind
  }

  originIn(root: string): StackOrigin {
    this.origin ??= this.stack ? originOf(this.stack, root) : { frames: [], site: null, machinery: false, files: [], nodeOwn: false }
    return this.origin
  }

  /** Bytes a socket has read, from its handle; null for anything else. */
  bytesRead(): number | null {
    const resource = this.target() as { bytesRead?: unknown } | undefined
    return this.kind === 'socket' && typeof resource?.bytesRead === 'number' ? resource.bytesRead : null
  }

  toRecord(root: string): OperationRecord {
    const { site, frames } = this.originIn(root)
    const kind = this.describedKind()
    return {
      id: this.id,
      kind,
      type: this.type,
      site,
      stack: frames.slice(0, 8),
      ageMs: Math.round(monotonicNow() - this.createdAt),
      keepsProcessAlive: this.keepsProcessAlive(),
      callbacks: this.callbacks,
      bytesRead: this.bytesRead(),
      listensTo: this.signal,
      hint: hintFor(kind),
    }
  }
}
