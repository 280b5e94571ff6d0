import type { BlockRecord, SessionBlocking } from '../../shared/blocking.js'

/** What one session saw of the event loop while it was open. */
export class SessionStalls {
  private longestMs = 0
  private count = 0
  private readonly blocks: BlockRecord[] = []
  /** The first block of this session's own code that reached `failAt`. */
  failingBlock: BlockRecord | null = null

  constructor(private readonly countAtMs: number) {}

  counted(durationMs: number): void {
    this.count++
    this.longestMs = Math.max(this.longestMs, durationMs)
  }

  add(block: BlockRecord): void {
    this.blocks.push(block)
  }

  /** Null when the loop never stalled for `countAt` ms: a clean test carries no `blocking` field. */
  toRecord(): SessionBlocking | null {
    return this.count === 0 ? null : { longestMs: this.longestMs, count: this.count, countAtMs: this.countAtMs, blocks: this.blocks }
  }
}
