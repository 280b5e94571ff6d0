import type { LocalsFrame, LocalsRecord } from '../../shared/locals.js'
import type { ErrorSnapshot, FrameSnapshot } from './pause-snapshots.js'
import type { OriginalSites } from './original-site.js'
import type { ScriptFiles } from './script-files.js'
import { fitBudget } from './fit-budget.js'

/** An error as Vitest records it on the task: serialized, so matched by its stack, else its message. */
export interface RecordedError {
  message?: unknown
  stack?: unknown
}

function field(thrown: unknown, name: 'stack' | 'message'): unknown {
  try {
    return typeof thrown === 'object' && thrown !== null ? (thrown as Record<string, unknown>)[name] : thrown
  }
  catch {
    return undefined
  }
}

/** The snapshot of the error Vitest recorded: same stack, else the latest with the same message. */
export function snapshotOf(snapshots: readonly ErrorSnapshot[], error: RecordedError): ErrorSnapshot | undefined {
  const bySite = typeof error.stack === 'string' ? snapshots.find(snapshot => field(snapshot.thrown, 'stack') === error.stack) : undefined
  if (bySite) {
    return bySite
  }
  return snapshots.findLast(snapshot => String(field(snapshot.thrown, 'message') ?? field(snapshot.thrown, 'stack')) === String(error.message))
}

const TEST_FRAME_SUSPENDED = 'the test\'s own frame was not on the stack when the helper threw (it was waiting at an await): its variables could not be read'

const NOT_IN_PROJECT_CODE = 'the failure was not thrown while the test\'s own code ran (a timeout or a failure in a hook, Vitest or a dependency): no variables to show'

const TOO_MANY_THROWS = 'not read: the test threw and caught more errors before it failed than are read in one attempt (50 errors, 200 throws in its code, 500 in all)'

/** The record of a failed last attempt: its test frame, then the helper's, in the original source, within `maxBytes`. */
export async function localsRecord(snapshot: ErrorSnapshot | undefined, scripts: ScriptFiles, sites: OriginalSites, maxBytes: number, capped = false): Promise<LocalsRecord> {
  const taken = [snapshot?.test, snapshot?.helper].filter((frame): frame is FrameSnapshot => frame !== undefined)
  const frames: LocalsFrame[] = []
  for (const frame of taken) {
    const script = scripts.script(frame.scriptId)
    if (script) {
      frames.push({ role: frame.role, site: await sites.site(script, frame.lineNumber, frame.columnNumber, frame.functionName), variables: frame.variables })
    }
  }
  if (frames.length === 0) {
    return { source: 'pause', frames: [], note: capped ? TOO_MANY_THROWS : NOT_IN_PROJECT_CODE }
  }
  const fitted = fitBudget(frames.map(frame => frame.variables), maxBytes)
  const record: LocalsRecord = { source: 'pause', frames: frames.map((frame, index) => ({ ...frame, variables: fitted.frames[index]! })) }
  if (fitted.truncated) {
    record.truncated = true
  }
  if (snapshot?.test === undefined) {
    record.note = TEST_FRAME_SUSPENDED
  }
  return record
}
