import type { Protocol } from 'devtools-protocol'
import type { LocalVariable } from '../../shared/locals.js'
import type { ScriptFiles } from './script-files.js'
import type { SyncSession } from './sync-session.js'
import { frameVariables } from './frame-variables.js'

/** A frame read at a pause, still at its position in the code V8 runs. */
export interface FrameSnapshot {
  role: 'test' | 'helper'
  scriptId: string
  /** 0-based, as CDP gives them. */
  lineNumber: number
  columnNumber: number
  functionName: string
  variables: LocalVariable[]
}

/** What was read for one thrown value: at its first pause in project code, and where it passed the test. */
export interface ErrorSnapshot {
  thrown: unknown
  helper?: FrameSnapshot
  test?: FrameSnapshot
}

/**
 * Per attempt: pauses at all (each costs about a millisecond, in a library's own throws too), pauses in
 * project code read, errors kept. A `vi.waitFor` that retries for long throws at each try. Past any of
 * them the attempt stops pausing.
 */
const MAX_PAUSES = 500
const MAX_PAUSES_READ = 200
const MAX_SNAPSHOTS = 50

const THROWN_KEY = 'vitest-async-debug:locals-thrown'
const handOver = `function () { const take = globalThis[Symbol.for(${JSON.stringify(THROWN_KEY)})]; if (typeof take === 'function') take(this) }`

type ThrownHolder = { [key: symbol]: ((value: unknown) => void) | undefined }

/**
 * The locals of one attempt's throws, read while each throw is paused. One error pauses 2–4 times
 * (throw, rethrows, the rejected promise); the first pause of each thrown object that reaches a frame is
 * kept, so a rethrow does not replace the values at the throw.
 */
export class PauseSnapshots {
  readonly snapshots: ErrorSnapshot[] = []
  /** Set once throws went unread because the attempt threw more often than is read. */
  capped = false
  private readonly byThrown = new Map<unknown, ErrorSnapshot>()
  private pausesRead = 0
  private pauses = 0

  /** `stopPausing` turns pausing off for the rest of the attempt once a limit is reached. */
  constructor(private readonly session: SyncSession, private readonly scripts: ScriptFiles, private readonly testFile: string, private readonly stopPausing: () => void) {}

  private cap(): void {
    this.capped = true
    this.stopPausing()
  }

  paused(params: Protocol.Debugger.PausedEvent): void {
    if (params.reason !== 'exception' && params.reason !== 'promiseRejection') {
      return
    }
    if (++this.pauses > MAX_PAUSES) {
      this.cap()
      return
    }
    const frames = params.callFrames
    const paths = frames.map(frame => this.scripts.path(frame.location.scriptId))
    const testIndex = paths.indexOf(this.testFile)
    const helperLimit = testIndex === -1 ? frames.length : testIndex
    const helperIndex = paths.findIndex((path, index) => index < helperLimit && path !== this.testFile && this.scripts.isProjectCode(path))
    if (testIndex === -1 && helperIndex === -1) {
      return
    }
    if (this.pausesRead >= MAX_PAUSES_READ) {
      this.cap()
      return
    }
    this.pausesRead++
    const snapshot = this.snapshotOf(params.data as Protocol.Runtime.RemoteObject | undefined)
    if (!snapshot) {
      return
    }
    if (!snapshot.test && !snapshot.helper && helperIndex !== -1) {
      snapshot.helper = this.read(frames[helperIndex]!, 'helper')
    }
    if (!snapshot.test && testIndex !== -1) {
      snapshot.test = this.read(frames[testIndex]!, 'test')
    }
  }

  private snapshotOf(data: Protocol.Runtime.RemoteObject | undefined): ErrorSnapshot | null {
    const thrown = data?.objectId ? this.thrownObject(data.objectId) : data?.value
    const known = typeof thrown === 'object' && thrown !== null ? this.byThrown.get(thrown) : undefined
    if (known) {
      return known
    }
    if (this.snapshots.length >= MAX_SNAPSHOTS) {
      this.cap()
      return null
    }
    const snapshot: ErrorSnapshot = { thrown }
    this.snapshots.push(snapshot)
    if (typeof thrown === 'object' && thrown !== null) {
      this.byThrown.set(thrown, snapshot)
    }
    return snapshot
  }

  /** The paused value itself, handed over by a call on it in its realm. */
  private thrownObject(objectId: string): unknown {
    const holder = globalThis as unknown as ThrownHolder
    const key = Symbol.for(THROWN_KEY)
    let thrown: unknown
    holder[key] = (value) => {
      thrown = value
    }
    try {
      this.session.callOn(objectId, handOver)
    }
    catch {
      // Thrown in another realm without the hand-over: each pause counts as its own error.
    }
    finally {
      delete holder[key]
    }
    return thrown
  }

  private read(frame: Protocol.Debugger.CallFrame, role: FrameSnapshot['role']): FrameSnapshot {
    return {
      role,
      scriptId: frame.location.scriptId,
      lineNumber: frame.location.lineNumber,
      columnNumber: frame.location.columnNumber ?? 0,
      functionName: frame.functionName,
      variables: frameVariables(this.session, frame),
    }
  }
}
