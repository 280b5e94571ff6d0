import { monotonicNow, realTimers } from '../real-time.js'
import { takeOwnTime } from '../own-time.js'
import { RunQueueWait } from './run-queue-wait.js'
import { HEARTBEAT_SLOTS, HEARTBEAT_STAMP } from './watchdog-protocol.js'

/** A stretch in which the event loop did not turn: from `startedAt` (monotonic ms) for `durationMs`. */
export type StallListener = (durationMs: number, startedAt: number, stamp: number) => void

/**
 * Ticks on a real, unref'd interval and measures each gap: a tick that comes `intervalMs` late means
 * the loop did not turn for that long. Allocates nothing while the loop turns on time.
 */
export class Heartbeat {
  /** Shared with the watchdog thread: the time of the last tick, in ms since `performance.timeOrigin`. */
  readonly shared = new SharedArrayBuffer(HEARTBEAT_SLOTS * Int32Array.BYTES_PER_ELEMENT)
  private readonly stamps = new Int32Array(this.shared)
  private last = monotonicNow()
  private readonly runQueue = new RunQueueWait()
  private waited = this.runQueue.read()
  private readonly timer: ReturnType<typeof realTimers.setInterval>

  constructor(private readonly intervalMs: number, private readonly reportFrom: number, private readonly onStall: StallListener) {
    Atomics.store(this.stamps, HEARTBEAT_STAMP, Math.round(this.last))
    this.timer = realTimers.setInterval(() => this.measure(), intervalMs)
    this.timer.unref()
  }

  /** Measures the stretch up to now, so a block right at the end of a test counts in it. */
  measure(): void {
    const now = monotonicNow()
    const waited = this.runQueue.read()
    const stalled = now - this.last - this.intervalMs - takeOwnTime() - (waited - this.waited)
    this.waited = waited
    const stamp = Atomics.load(this.stamps, HEARTBEAT_STAMP)
    this.last = now
    Atomics.store(this.stamps, HEARTBEAT_STAMP, Math.round(now))
    if (stalled >= this.reportFrom) {
      this.onStall(Math.round(stalled), now - stalled, stamp)
    }
  }

  stop(): void {
    realTimers.clearInterval(this.timer)
    this.runQueue.close()
  }
}

/** Often enough to see stretches of `countAt` ms, seldom enough to cost nothing. */
export function heartbeatInterval(countAt: number): number {
  return Math.max(5, Math.min(20, Math.floor(countAt / 2)))
}
