/**
 * The timers and clocks the plugin's own code uses. A test may fake the globals (`vi.useFakeTimers()`
 * left installed at the end of a file) or replace them on purpose; Node's own modules stay untouched, so
 * the plugin never waits on a timer the test controls, and its durations stay real.
 */
import { performance } from 'node:perf_hooks'
import { clearInterval, clearTimeout, setImmediate, setInterval, setTimeout } from 'node:timers'

const monotonic = performance.now.bind(performance)
const origin = performance.timeOrigin

export const realTimers = { setTimeout, clearTimeout, setInterval, clearInterval, setImmediate }

/** Milliseconds on a monotonic clock. */
export function monotonicNow(): number {
  return monotonic()
}

/** Milliseconds since the epoch, as `Date.now()` would say without fake timers. */
export function wallClockNow(): number {
  return origin + monotonic()
}

/** Resolves on the loop's next check phase. */
export function nextLoopTurn(): Promise<void> {
  return new Promise(resolve => setImmediate(resolve))
}

export function delay(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}
