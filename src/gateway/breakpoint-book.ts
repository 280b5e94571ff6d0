import type { DebugProtocol } from '@vscode/debugprotocol'
import type { HitTest } from './translate/hit-condition.js'
import { resolve } from 'node:path'
import { parseHitCondition } from './translate/hit-condition.js'

/** One breakpoint a DAP client set, across every worker of the run. */
export interface BookedBreakpoint {
  id: number
  sessionId: number
  path: string
  line: number
  column: number | undefined
  condition: string | undefined
  logMessage: string | undefined
  hitCondition: HitTest | null
  /** Times execution reached it with its condition true, over the whole run. */
  hits: number
  /** Thread id → the line it is bound to there. */
  readonly bound: Map<number, number>
  /** Why it cannot bind (a hit condition that is not understood); null when it can. */
  problem: string | null
}

/** Every source breakpoint of every DAP client, by file. Workers bind them as their scripts load. */
export class BreakpointBook {
  private nextId = 1
  private readonly byPath = new Map<string, BookedBreakpoint[]>()

  /** Replaces a client's breakpoints in one file, as `setBreakpoints` does. */
  set(sessionId: number, path: string, wanted: readonly DebugProtocol.SourceBreakpoint[]): BookedBreakpoint[] {
    const file = resolve(path)
    const others = (this.byPath.get(file) ?? []).filter(entry => entry.sessionId !== sessionId)
    const mine = wanted.map((breakpoint): BookedBreakpoint => {
      const hitCondition = breakpoint.hitCondition ? parseHitCondition(breakpoint.hitCondition) : null
      return {
        id: this.nextId++,
        sessionId,
        path: file,
        line: breakpoint.line,
        column: breakpoint.column,
        condition: breakpoint.condition?.trim() || undefined,
        logMessage: breakpoint.logMessage,
        hitCondition: typeof hitCondition === 'function' ? hitCondition : null,
        hits: 0,
        bound: new Map(),
        problem: typeof hitCondition === 'string' ? hitCondition : null,
      }
    })
    const all = [...others, ...mine]
    if (all.length > 0) {
      this.byPath.set(file, all)
    }
    else {
      this.byPath.delete(file)
    }
    return mine
  }

  dropSession(sessionId: number): void {
    for (const path of [...this.byPath.keys()]) {
      this.set(sessionId, path, [])
    }
  }

  inFile(path: string): readonly BookedBreakpoint[] {
    return this.byPath.get(path) ?? []
  }

  get isEmpty(): boolean {
    return this.byPath.size === 0
  }

  paths(): string[] {
    return [...this.byPath.keys()]
  }

  forgetThread(threadId: number): void {
    for (const entries of this.byPath.values()) {
      entries.forEach(entry => entry.bound.delete(threadId))
    }
  }
}
