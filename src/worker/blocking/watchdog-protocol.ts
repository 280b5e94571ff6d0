/** What a test worker and its watchdog thread share. Plain data: it crosses a thread boundary. */
import type { MessagePort } from 'node:worker_threads'

/** Slots of the heartbeat's Int32Array over a SharedArrayBuffer. */
export const HEARTBEAT_STAMP = 0
export const HEARTBEAT_STOP = 1
export const HEARTBEAT_SLOTS = 2

export interface WatchdogData {
  heartbeat: SharedArrayBuffer
  /** The worker's `performance.timeOrigin`: stamps are milliseconds since it. */
  origin: number
  warnAt: number
  /** The test worker's thread id; 0 when it is a process's main thread. */
  threadId: number
  /** Where the worker state lives on `process` (`Symbol.for(key)`), to read the running session. */
  stateKey: string
  port: MessagePort
}

/** What the watchdog saw of one block, posted before the worker resumes. */
export interface WatchdogCapture {
  /** The heartbeat's last stamp before the block: the heartbeat matches it to the stall it measures. */
  stamp: number
  /** From asking for the pause until the thread stopped. */
  latencyMs: number
  /** The `sessionId` of the session whose code held the thread, or null outside any test. */
  sessionId: string | null
  /** The paused thread's stack, as `new Error().stack` formats it there (source-mapped by Vitest). */
  stack: string
}

/** Evaluated in the paused top frame: the session in scope there and the stack, as JSON text. */
export function captureExpression(stateKey: string): string {
  return `JSON.stringify({ sessionId: globalThis.process?.[Symbol.for(${JSON.stringify(stateKey)})]?.storage.getStore()?.session?.id ?? null, stack: String(new Error().stack) })`
}
