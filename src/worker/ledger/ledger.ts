import type { AbortRecord, LateActivityRecord, OperationKind, OperationRecord, SessionLedger, TeardownRecord, TimeoutForensics } from '../../shared/ledger.js'
import type { FileMetaData } from '../../shared/session.js'
import type { WorkerOptions } from '../../shared/worker-options.js'
import type { Session } from '../session.js'
import type { WorkerState } from '../worker-state.js'
import type { Operation } from './operation.js'
import type { LateEvent } from './tracker.js'
import { AbortLedger } from './abort-ledger.js'
import { bytesWrittenThrough, followBuiltInWebSocketCloses, followWorkerEnds } from './closing.js'
import { LoopbackLinks } from './loopback-links.js'
import { guarded } from '../plugin-faults.js'
import { timeoutForensics } from './timeout-forensics.js'
import { Tracker } from './tracker.js'
import { delay, monotonicNow, nextLoopTurn } from '../real-time.js'

const maxListed = 20
/** How long work that was asked to end gets to finish (a close handshake, a killed child's exit). */
const closingGraceMs = 250
const maxImmediateTurns = 8
const maxLateRecordsPerFile = 200
const timeoutPattern = /timed out/i

export interface SessionConclusion {
  ledger: SessionLedger
  timeout: TimeoutForensics | null
  aborts: AbortRecord[]
}

const kindRank: Record<OperationRecord['kind'], number> = {
  'server': 0,
  'child-process': 1,
  'worker': 2,
  'socket': 3,
  'interval': 4,
  'timeout': 5,
  'immediate': 6,
  'request': 7,
  'watcher': 8,
  'file-handle': 9,
  'other': 10,
  'promise': 11,
}

function byLeakRelevance(a: OperationRecord, b: OperationRecord): number {
  return Number(b.keepsProcessAlive) - Number(a.keepsProcessAlive) || kindRank[a.kind] - kindRank[b.kind] || a.id - b.id
}

/** The async ledger of one worker: what each session created, left running, ran late and aborted. */
export class Ledger {
  readonly tracker: Tracker
  readonly aborts: AbortLedger
  private readonly lateRecords = new WeakMap<object, LateActivityRecord>()
  /** Sockets other tests opened that a session sent requests over: still busy when it ends, they are its leftovers. */
  private readonly borrowed = new WeakMap<Session, Operation[]>()
  private readonly ignoredKinds: ReadonlySet<string>

  constructor(private readonly state: WorkerState, private readonly options: WorkerOptions) {
    this.ignoredKinds = new Set(options.ignoreKinds)
    this.tracker = new Tracker(state.storage, {
      capture: options.stackCapture,
      maxOperationsPerSession: options.maxOperationsPerSession,
    })
    this.tracker.onLate = late => this.recordLate(late)
    this.aborts = new AbortLedger(state, options.root, {
      onTestSignalAborted: (session, reason) => this.testSignalAborted(session, reason),
    })
  }

  enable(): void {
    this.tracker.enable()
    this.aborts.install()
    new LoopbackLinks(this.state, () => this.tracker.handles.values(), (socket, session) => {
      socket.usedBy = session
      const list = this.borrowed.get(session) ?? []
      list.push(socket)
      this.borrowed.set(session, list)
    }).install()
    followBuiltInWebSocketCloses(close => this.markClosedSockets(close))
    followWorkerEnds()
  }

  /** Runs a WebSocket's close() and marks the socket it wrote its close frame to as asked to end. */
  private markClosedSockets(close: () => unknown): unknown {
    const sockets = guarded('noting the sockets of a WebSocket close', () => {
      const session = this.state.storage.getStore()?.session
      return (session?.operations.operations ?? []).filter(operation => operation.kind === 'socket' && operation.alive())
    }, [])
    const before = guarded('noting the sockets of a WebSocket close', () => sockets.map(operation => written(operation)), [])
    const result = close()
    guarded('noting the sockets of a WebSocket close', () => sockets.forEach((operation, index) => {
      const now = written(operation)
      if (now !== null && before[index] != null && now > before[index]!) {
        operation.askedToEnd = true
      }
    }), undefined)
    return result
  }

  /** Whether an operation belongs in a diagnosis: not Vitest's own, not excluded by the options. */
  private relevant(operation: Operation): boolean {
    if (this.ignoredKinds.has(operation.describedKind())) {
      return false
    }
    const origin = operation.originIn(this.options.root)
    // Made by Node or a dependency with no project code anywhere on its way: nothing a test asked for.
    const uncaused = origin.site === null && operation.kind !== 'promise' && this.options.stackCapture !== 'off'
    return !uncaused && !origin.machinery && !origin.nodeOwn && !origin.files.some(file => this.options.ignorePaths.some(path => file.includes(path)))
  }

  describe(operation: Operation): OperationRecord | null {
    return this.relevant(operation) ? operation.toRecord(this.options.root) : null
  }

  /** Still open and keeping the worker alive: checked without formatting a stack (that goes through source maps). */
  private mayBeLeft(operation: Operation): boolean {
    return operation.alive() && (operation.kind === 'promise' || operation.kind === 'file-handle' || operation.keepsProcessAlive())
  }

  /** What the session created, and the sockets of other tests it sent requests over. */
  private operationsOf(session: Session): Operation[] {
    const borrowed = (this.borrowed.get(session) ?? []).filter(socket => socket.usedBy === session)
    return borrowed.length === 0 ? session.operations.operations : [...session.operations.operations, ...borrowed]
  }

  private leftovers(session: Session, closing: boolean): OperationRecord[] {
    return this.operationsOf(session)
      .filter(operation => this.mayBeLeft(operation) && operation.closing() === closing && this.relevant(operation))
      .map(operation => operation.toRecord(this.options.root))
      .sort(byLeakRelevance)
  }

  /** What the session created that is still running, as it would be reported. */
  pending(session: Session): OperationRecord[] {
    return session.operations.operations
      .filter(operation => operation.alive())
      .map(operation => this.describe(operation))
      .filter(operation => operation !== null)
  }

  private testSignalAborted(session: Session, reason: unknown): void {
    const message = reason instanceof Error ? reason.message : String(reason)
    if (!timeoutPattern.test(message) || session.operations.timeout) {
      return
    }
    session.operations.timeout = timeoutForensics(this.pending(session), this.options.stackCapture)
  }

  /**
   * A handle being closed stays open until the loop's close phase (a server closed from a timer, a
   * child process that just exited), so leftovers get two turns of the loop to finish closing.
   */
  private async settle(candidates: () => boolean): Promise<void> {
    for (let turn = 0; turn < 2 && candidates(); turn++) {
      await nextLoopTurn()
    }
  }

  /**
   * An immediate runs on the next turn of the loop, a zero-delay timer right after: one still
   * queued was usually queued by a close that just finished (Node's TLS teardown queues an immediate as its
   * socket closes) or by a library's bookkeeping (happy-dom's zero-delay timers). A few more turns let those
   * run; work that queues itself again every turn is still there after them.
   */
  private async runQueuedImmediates(operations: () => Iterable<Operation>): Promise<void> {
    const queued = (): boolean => [...operations()].some(operation => operation.isDueNow() && operation.alive() && operation.keepsProcessAlive())
    for (let turn = 0; turn < maxImmediateTurns && queued(); turn++) {
      await delay(1)
    }
  }

  /** Work that was asked to end gets a bounded moment to finish: a close handshake takes a few loop turns. */
  private async letClose(closing: () => boolean): Promise<void> {
    const deadline = monotonicNow() + closingGraceMs
    while (closing() && monotonicNow() < deadline) {
      await delay(2)
    }
  }

  async concludeSession(session: Session, failureMessages: readonly string[]): Promise<SessionConclusion> {
    // A pending timer does not finish closing in a turn of the loop: waiting for one would only move when it fires.
    const operationsOf = this.operationsOf(session)
    await this.settle(() => operationsOf.some(operation => !untilItFires.has(operation.kind) && this.mayBeLeft(operation)))
    await this.letClose(() => operationsOf.some(operation => this.mayBeLeft(operation) && operation.closing()))
    await this.runQueuedImmediates(() => this.operationsOf(session))
    const operations = session.operations
    // What is still running may run again inside later tests: watch its callbacks from now on.
    for (const operation of operations.operations) {
      if (operation.kind !== 'promise' && this.mayBeLeft(operation)) {
        this.tracker.watch(operation)
      }
    }
    const left = this.options.leaks === 'off' ? [] : this.leftovers(session, false)
    const stillClosing = this.options.leaks === 'off' ? [] : this.leftovers(session, true)
    this.borrowed.delete(session)
    const aborts = this.aborts.conclude(session, failureMessages, operation => this.describe(operation))
    this.tracker.prune(operations.operations)
    return {
      ledger: {
        created: operations.promisesCreated > 0 ? { promise: operations.promisesCreated, ...operations.created } : { ...operations.created },
        ...operations.dropped > 0 ? { dropped: operations.dropped } : {},
        ...this.options.stackCapture === 'full'
          ? { pendingPromises: operations.operations.filter(operation => operation.kind === 'promise' && !operation.settled).length }
          : {},
        ...left.length > 0 ? { leftRunning: left.slice(0, maxListed), leftRunningByKind: countByKind(left) } : {},
        ...left.length > maxListed ? { notListed: left.length - maxListed } : {},
        ...stillClosing.length > 0 ? { stillClosing: stillClosing.slice(0, maxListed) } : {},
      },
      timeout: operations.timeout,
      aborts,
    }
  }

  fileStarted(file: string): void {
    this.tracker.moduleOwner.file = file
    this.tracker.collecting = false
  }

  /** Handles still alive when a file's suite ended, each with the test (or hook, or module code) that made it. */
  async concludeFile(file: string): Promise<TeardownRecord[]> {
    const open = (operation: Operation): boolean => operation.owner.file === file && operation.keepsProcessAlive()
    await this.settle(() => [...this.tracker.handles.values()].some(open))
    await this.letClose(() => [...this.tracker.handles.values()].some(operation => open(operation) && operation.closing()))
    await this.runQueuedImmediates(() => [...this.tracker.handles.values()].filter(open))
    const records: TeardownRecord[] = []
    for (const operation of this.tracker.handles.values()) {
      // What afterAll asked to end and is still finishing (a killed child not yet exited) is not left open.
      if (!open(operation) || operation.closing() || !this.relevant(operation)) {
        continue
      }
      records.push({
        owner: (operation.usedBy ?? operation.owner.session)?.ref() ?? null,
        ownerScope: operation.owner.scope,
        operation: operation.toRecord(this.options.root),
      })
    }
    this.tracker.prune([...this.tracker.handles.values()])
    this.tracker.moduleOwner = { session: null, scope: 'module', file: null }
    this.tracker.collecting = true
    return records.sort((a, b) => byLeakRelevance(a.operation, b.operation)).slice(0, maxListed * 5)
  }

  private runningSession(): Session | null {
    let latest: Session | null = null
    for (const session of this.state.openSessions) {
      latest = session
    }
    return latest
  }

  private recordLate({ owner, operation, event }: LateEvent): void {
    if (this.options.leaks === 'off') {
      return
    }
    // Only work that lands inside another test is reported: between tests (afterAll closing a server
    // and its sockets) the follow-ups of work already reported as left running would only be noise.
    const during = this.runningSession()
    if (during === null || during === owner || (operation && !this.relevant(operation))) {
      return
    }
    const meta: FileMetaData | null = this.state.currentFileMeta
    const list = meta?.lateActivity ?? this.state.unfiledLateActivity
    const key = operation ?? owner
    const existing = this.lateRecords.get(key)
    if (existing && list.includes(existing)) {
      existing.count++
      return
    }
    if (list.length >= maxLateRecordsPerFile) {
      return
    }
    const record: LateActivityRecord = {
      owner: owner.ref(),
      operation: operation
        ? (({ id, kind, type, site, stack }) => ({ id, kind, type, site, stack }))(operation.toRecord(this.options.root))
        : { id: -1, kind: 'promise', type: 'PROMISE', site: null, stack: [] },
      event,
      count: 1,
      msAfterEnd: owner.msSinceEnd() ?? 0,
      during: during.ref(),
      duringFile: meta ? this.state.currentFile : null,
    }
    this.lateRecords.set(key, record)
    list.push(record)
  }
}

function written(operation: Operation): number | null {
  const handle = operation.handle()
  return handle === undefined ? null : bytesWrittenThrough(handle)
}

const untilItFires: ReadonlySet<OperationKind> = new Set(['promise', 'timeout', 'interval'])

function countByKind(operations: readonly OperationRecord[]): Partial<Record<OperationKind, number>> {
  const counts: Partial<Record<OperationKind, number>> = {}
  for (const { kind } of operations) {
    counts[kind] = (counts[kind] ?? 0) + 1
  }
  return counts
}
