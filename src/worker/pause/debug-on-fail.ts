import type { RunnerTestCase } from 'vitest'
import type { PauseAnnouncement, PauseRelease } from '../../shared/debug-server.js'
import type { DebugRecord } from '../../shared/session.js'
import type { DebugServer } from '../debug-server.js'
import type { Ledger } from '../ledger/ledger.js'
import type { Session } from '../session.js'
import inspector from 'node:inspector'
import { TestRunner } from 'vitest'
import { RELEASE_GLOBAL_KEY } from '../../shared/constants.js'
import { failureSite, isSameFailure } from './failure-site.js'
import { InProcessDebugger } from './in-process-debugger.js'
import { stopNextToFailure } from './stop-next-to-failure.js'

const ANNOUNCE_TIMEOUT_MS = 5_000
const timeoutPattern = /timed out/i
const releaseKey = Symbol.for(RELEASE_GLOBAL_KEY)

type ReleaseHolder = { [releaseKey]?: PauseRelease }

/** A test failed on its last attempt: the run will not try it again. */
export function isFinalFailure(task: RunnerTestCase): boolean {
  const result = task.result
  if (result?.state !== 'fail' || task.fails) {
    return false
  }
  const retry = task.retry
  const limit = typeof retry === 'number' ? retry : retry?.count ?? 0
  return (result.retryCount ?? 0) >= limit
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? ''
}

/** Where Vitest keeps `onTestFinished` and `onTestFailed` callbacks (not in its public types). */
interface TestCallbacks {
  onFinished?: unknown[]
  onFailed?: unknown[]
}

/** Snapshot of what re-running a test's function would change on its task: the failure stays the first run's. */
function keepResult(task: RunnerTestCase & TestCallbacks): () => void {
  const result = task.result
  const errors = result?.errors ? [...result.errors] : undefined
  const state = result?.state
  const onFinished = task.onFinished?.length ?? 0
  const onFailed = task.onFailed?.length ?? 0
  const promises = task.promises?.length ?? 0
  return () => {
    if (result) {
      result.errors = errors
      result.state = state ?? 'fail'
    }
    task.onFinished?.splice(onFinished)
    task.onFailed?.splice(onFailed)
    task.promises?.splice(promises)
  }
}

/**
 * `--debug-on-fail` in a worker: a test that failed on its last attempt waits for a debugger; once one
 * attaches, the test's function runs again and stops where it throws the same failure, with its
 * locals. A failure that does not come back (or a timeout) stops next to the failure instead.
 */
export class DebugOnFail {
  private nextPauseId = 1
  private inProcess: InProcessDebugger | null = null
  /** Sessions already paused: a test pauses once, from inside the test when possible. */
  private readonly paused = new WeakSet<Session>()

  constructor(
    private readonly server: DebugServer,
    private readonly ledger: Ledger,
    private readonly waitTimeoutMs: number,
  ) {}

  hasPaused(session: Session): boolean {
    return this.paused.has(session)
  }

  /** `canRerun`: still inside the test (before its afterEach hooks), where running its function again makes sense. */
  async pause(task: RunnerTestCase, session: Session, canRerun: boolean): Promise<DebugRecord> {
    this.paused.add(session)
    const error = task.result?.errors?.[0]
    const message = error?.message ?? 'the test failed'
    const timedOut = timeoutPattern.test(message) || session.operations.timeout !== null
    const plan = canRerun && !timedOut ? 'rerun' : 'context'
    const announcement: PauseAnnouncement = {
      id: this.nextPauseId++,
      test: { name: task.name, fullName: task.fullTestName, file: session.identity.file },
      failure: firstLine(`${error?.name ?? 'Error'}: ${message}`),
      plan,
      waitTimeoutMs: this.waitTimeoutMs,
      since: new Date().toISOString(),
    }
    const started = performance.now()
    await this.server.announcePause(announcement, ANNOUNCE_TIMEOUT_MS)
    const released = this.waitForDebugger()
    let reproduced: boolean | null = null
    if (released === 'debugger') {
      this.inProcess ??= new InProcessDebugger()
      reproduced = plan === 'rerun' ? await this.rerunUntilItFails(task, { message, site: failureSite(error?.stack, task.file.filepath) }) : null
      if (!reproduced) {
        stopNextToFailure(error, { pendingOperations: this.ledger.pending(session), timeout: session.operations.timeout, aborts: session.operations.aborts }, { name: task.fullTestName, file: session.identity.file })
      }
    }
    this.server.pauseEnded(announcement.id, released, reproduced)
    return { pausedAt: announcement.since, webSocketUrl: this.server.webSocketUrl, released, plan, reproduced, pausedMs: Math.round(performance.now() - started) }
  }

  /** Blocks this worker (not the others) until a debugger attaches, or the main process lets it go. */
  private waitForDebugger(): PauseRelease {
    const holder = globalThis as ReleaseHolder
    delete holder[releaseKey]
    inspector.waitForDebugger()
    const release = holder[releaseKey] ?? 'debugger'
    delete holder[releaseKey]
    return release
  }

  private async rerunUntilItFails(task: RunnerTestCase, failure: { message: string, site: string | null }): Promise<boolean> {
    const testFunction = TestRunner.getTestFn(task)
    if (!testFunction || !this.inProcess) {
      return false
    }
    const restore = keepResult(task)
    const stopped = this.inProcess.stopAtException(thrown => isSameFailure(thrown, failure, task.file.filepath))
    try {
      await testFunction()
    }
    catch {}
    finally {
      restore()
    }
    return stopped()
  }
}
