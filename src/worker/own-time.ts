import { monotonicNow } from './real-time.js'

let heldMs = 0

/**
 * Runs the plugin's own synchronous work (reading locals at a throw, turning the debugger on) and counts
 * how long it held the thread, so that the event-loop monitor does not blame the test for it.
 */
export function holdingTheThread<T>(work: () => T): T {
  const started = monotonicNow()
  try {
    return work()
  }
  finally {
    heldMs += monotonicNow() - started
  }
}

/** The plugin's own time on the thread since the last call. */
export function takeOwnTime(): number {
  const held = heldMs
  heldMs = 0
  return held
}
