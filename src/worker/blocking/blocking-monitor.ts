import type { BlockRecord, SessionBlocking } from '../../shared/blocking.js'
import type { SessionRef } from '../../shared/session.js'
import type { BlockingWatchdog, WorkerBlockingOptions } from '../../shared/worker-options.js'
import type { Session } from '../session.js'
import type { WatchdogCapture } from './watchdog-protocol.js'
import { monotonicNow } from '../real-time.js'
import { blockAfter, cameAfterTheBlock, liveBlock, NOTE_NOT_CAUGHT, NOTE_WATCHDOG_OFF, NOTE_WATCHDOG_STARTS_AFTER } from './block-record.js'
import { blockingError, type EventLoopBlockedError } from './blocking-error.js'
import { Heartbeat, heartbeatInterval } from './heartbeat.js'
import { SessionStalls } from './session-stalls.js'
import { Watchdog } from './watchdog.js'

/** Sessions remembered for naming the owner of a block: an earlier test's timer lands in a later one. */
const REMEMBERED_SESSIONS = 1000

export interface SessionBlockingOutcome {
  record: SessionBlocking | null
  /** Set when a block of this session's own code reached `failAt`. */
  failure: EventLoopBlockedError | null
}

/**
 * The event-loop monitor of one worker: a heartbeat that measures every stall, credited to each open
 * session, and, when on, a watchdog thread that names the function and the test whose code held the thread.
 */
export class BlockingMonitor {
  private readonly open = new Map<Session, SessionStalls>()
  private readonly recent = new Map<string, SessionRef>()
  private readonly heartbeat: Heartbeat
  private watchdog: Watchdog | null = null

  constructor(private readonly options: WorkerBlockingOptions, private readonly root: string, private readonly watchdogMode: BlockingWatchdog) {
    this.heartbeat = new Heartbeat(heartbeatInterval(options.countAt), options.countAt, (durationMs, startedAt, stamp) => this.stalled(durationMs, startedAt, stamp))
    if (watchdogMode === 'always') {
      this.startWatchdog()
    }
  }

  testStarted(session: Session): void {
    this.heartbeat.measure()
    this.open.set(session, new SessionStalls(this.options.countAt))
    this.recent.set(session.id, session.ref())
    if (this.recent.size > REMEMBERED_SESSIONS) {
      this.recent.delete(this.recent.keys().next().value!)
    }
  }

  testEnded(session: Session): SessionBlockingOutcome {
    this.heartbeat.measure()
    const stalls = this.open.get(session)
    this.open.delete(session)
    const failing = stalls?.failingBlock
    return {
      record: stalls?.toRecord() ?? null,
      failure: failing ? blockingError(failing, this.options.failAt, this.root) : null,
    }
  }

  private startWatchdog(): void {
    this.watchdog ??= Watchdog.start(this.heartbeat.shared, this.options.warnAt)
  }

  private stalled(durationMs: number, startedAt: number, stamp: number): void {
    if (this.open.size === 0) {
      return
    }
    const { warnAt, failAt } = this.options
    const blocks = durationMs >= warnAt
    const capture = blocks ? this.watchdog?.takeCaptures().find(taken => taken.stamp === stamp && !cameAfterTheBlock(taken)) : undefined
    const sinceStart = monotonicNow() - startedAt
    for (const [session, stalls] of this.open) {
      stalls.counted(durationMs)
      if (!blocks) {
        continue
      }
      const at = Math.max(0, Math.round(session.elapsedMs() - sinceStart))
      const block = capture ? this.liveBlock(durationMs, at, capture, session) : blockAfter(durationMs, at, this.noteWithoutCapture())
      stalls.add(block)
      const codeOf = capture ? this.openSession(capture.sessionId) : session
      if (failAt > 0 && durationMs >= failAt && codeOf) {
        const owned = this.open.get(codeOf)!
        owned.failingBlock ??= block
      }
    }
    if (blocks && this.watchdogMode === 'after-first-block') {
      this.startWatchdog()
    }
  }

  private liveBlock(durationMs: number, at: number, capture: WatchdogCapture, running: Session): BlockRecord {
    const owner = capture.sessionId === null || capture.sessionId === running.id ? null : this.recent.get(capture.sessionId) ?? null
    const block = liveBlock(durationMs, at, capture, owner, this.root)
    return capture.sessionId === null && block.note === undefined ? { ...block, note: 'code outside any test (a hook or module code) held the thread' } : block
  }

  private openSession(sessionId: string | null): Session | undefined {
    return [...this.open.keys()].find(session => session.id === sessionId)
  }

  private noteWithoutCapture(): string {
    if (this.watchdogMode === 'off') {
      return NOTE_WATCHDOG_OFF
    }
    return this.watchdog ? NOTE_NOT_CAUGHT : NOTE_WATCHDOG_STARTS_AFTER
  }
}
