import type { SourceSite } from './ledger.js'
import type { SessionRef } from './session.js'

/**
 * One stretch in which the event loop did not turn for at least `blocking.warnAt` ms.
 * `live`: the watchdog read the stack while the block lasted; `after`: only its length is known.
 */
export interface BlockRecord {
  durationMs: number
  /** Milliseconds since the session started, when the block began. */
  at: number
  capture: 'live' | 'after'
  /** The function that held the thread and its place in the original source; null when not captured. */
  site: SourceSite | null
  /** Top frames while it lasted, in the original source, as stack lines. */
  stack: string[]
  /** The session whose code held the thread, when it was not the session that was running (an earlier test's timer). */
  owner: SessionRef | null
  /** Why there is no site, or what the capture saw (e.g. "a native call had just returned"). */
  note?: string
}

/** What a session saw of the event loop; absent when it never stalled for `countAt` ms. */
export interface SessionBlocking {
  /** The longest stretch the loop did not turn while the session ran. */
  longestMs: number
  /** Stretches of at least `countAtMs`. */
  count: number
  countAtMs: number
  /** Stretches of at least `warnAt` ms, with what ran. */
  blocks: BlockRecord[]
}
