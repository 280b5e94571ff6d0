import type { JsonValue } from '../shared/json.js'
import type { DebugRecord, SessionEvent, SessionEventKind, SessionRecord, SessionRef, SessionState, WorkerInfo } from '../shared/session.js'
import { SessionOperations } from './ledger/session-operations.js'
import { monotonicNow, wallClockNow } from './real-time.js'

/** An event names what happened (an error's message, a `track` label): a megabyte-long one is cut. */
const maxEventNameLength = 1000

export interface SessionIdentity {
  testId: string
  name: string
  fullName: string
  file: string
  attempt: number
  worker: WorkerInfo
}

/** Vitest sets these during the attempt, so they are read when it ends. */
export interface AttemptOutcome {
  state: SessionState
  retry: number
  repeat: number
}

/** Records one test attempt. Cheap on purpose: it runs inside every test. */
export class Session {
  readonly id: string
  readonly startedAt = wallClockNow()
  private readonly startedAtMonotonic = monotonicNow()
  private endedAtMonotonic: number | null = null
  private readonly events: SessionEvent[] = []
  private droppedEvents = 0
  private readonly metadata: Record<string, JsonValue> = {}
  /** The async ledger's bookkeeping for this attempt. */
  readonly operations = new SessionOperations()
  /** Set when the attempt failed and paused for a debugger. */
  debug: DebugRecord | null = null

  constructor(readonly identity: SessionIdentity, private readonly maxEvents: number) {
    this.id = `${identity.testId}#${identity.attempt}`
  }

  get ended(): boolean {
    return this.endedAtMonotonic !== null
  }

  elapsedMs(): number {
    return Math.round(monotonicNow() - this.startedAtMonotonic)
  }

  /** Milliseconds since the session ended, or null while it runs. */
  msSinceEnd(): number | null {
    return this.endedAtMonotonic === null ? null : Math.round(monotonicNow() - this.endedAtMonotonic)
  }

  /** Adds an event (its name cut to 1,000 characters); ignored once the session has ended, because its record has already left. */
  record(kind: SessionEventKind, name: string, data?: JsonValue): void {
    if (this.ended) {
      return
    }
    if (this.events.length >= this.maxEvents) {
      this.droppedEvents++
      return
    }
    const at = Math.round((monotonicNow() - this.startedAtMonotonic) * 1000) / 1000
    const shortName = name.length > maxEventNameLength ? `${name.slice(0, maxEventNameLength)}…` : name
    this.events.push(data === undefined ? { at, kind, name: shortName } : { at, kind, name: shortName, data })
  }

  setMetadata(key: string, value: JsonValue): void {
    if (!this.ended) {
      this.metadata[key] = value
    }
  }

  /** What the session holds so far, for a debugger looking at a test that still runs. */
  live(): { startedAt: number, elapsedMs: number, events: SessionEvent[], metadata: Record<string, JsonValue> } {
    return { startedAt: this.startedAt, elapsedMs: this.elapsedMs(), events: [...this.events], metadata: { ...this.metadata } }
  }

  ref(): SessionRef {
    const { testId, name, fullName, file, attempt } = this.identity
    return { sessionId: this.id, testId, name, fullName, file, attempt }
  }

  end({ state, retry, repeat }: AttemptOutcome): SessionRecord {
    this.endedAtMonotonic = monotonicNow()
    const durationMs = this.endedAtMonotonic - this.startedAtMonotonic
    return {
      id: this.id,
      ...this.identity,
      retry,
      repeat,
      startedAt: this.startedAt,
      endedAt: Math.round(this.startedAt + durationMs),
      state,
      ...this.events.length > 0 ? { events: [...this.events] } : {},
      ...this.droppedEvents > 0 ? { droppedEvents: this.droppedEvents } : {},
      ...Object.keys(this.metadata).length > 0 ? { metadata: { ...this.metadata } } : {},
    }
  }
}
