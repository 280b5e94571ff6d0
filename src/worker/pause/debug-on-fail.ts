import type { RunnerTestCase } from 'vitest'
import type { PauseAnnouncement, PauseRelease } from '../../shared/debug-server.js'
import type { DebugRecord } from '../../shared/session.js'
import type { DebugServer } from '../debug-server.js'
import type { Ledger } from '../ledger/ledger.js'
import type { Session } from '../session.js'
import type { VitestApi } from '../vitest-api.js'
import type { SourcePosition } from './failure-site.js'
import { RELEASE_GLOBAL_KEY } from '../../shared/constants.js'
import { failureSite, isSameFailure } from './failure-site.js'
import { generatedPosition } from './generated-position.js'
import { InProcessDebugger } from './in-process-debugger.js'
import { startReleaseWatchdog } from './release-watchdog.js'
import { stopNextToFailure } from './stop-next-to-failure.js'
import { monotonicNow, wallClockNow } from '../real-time.js'

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
 * attaches, the test's function runs again and stops on the line that failed, with its locals. A
 * failure that does not come back (or a timeout) stops next to the failure instead.
 */
export class DebugOnFail {
  private nextPauseId = 1
  /** Sessions already paused: a test pauses once, from inside the test when possible. */
  private readonly paused = new WeakSet<Session>()

  constructor(
    private readonly server: DebugServer,
    private readonly ledger: Ledger,
    private readonly settings: { waitTimeout: number, always: boolean },
    private readonly testRunner: VitestApi['TestRunner'],
  ) {}

  hasPaused(session: Session): boolean {
    return this.paused.has(session)
  }

  /**
   * `canRerun`: still inside the test (before its afterEach hooks), where running its function again
   * makes sense. Null when nobody wants the stop: without `--debug-on-fail`, only a DAP client that
   * asked for failed-test stops does.
   */
  async pause(task: RunnerTestCase, session: Session, canRerun: boolean): Promise<DebugRecord | null> {
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
      waitTimeoutMs: this.settings.waitTimeout,
      since: new Date(wallClockNow()).toISOString(),
    }
    const started = monotonicNow()
    const answer = await this.server.announcePause(announcement, ANNOUNCE_TIMEOUT_MS)
    if (!(answer?.wait ?? this.settings.always)) {
      return null
    }
    const released = await this.waitForDebugger()
    let reproduced: boolean | null = null
    let stoppedAtFailingLine = false
    if (released === 'debugger') {
      this.server.attached()
      const rerun = plan === 'rerun' ? await this.rerunStoppingAtTheFailingLine(task, { message, site: failureSite(error?.stack, task.file.filepath) }) : null
      reproduced = rerun?.failedTheSameWay ?? null
      stoppedAtFailingLine = rerun?.stoppedAtTheFailingLine ?? false
      // Shown when the failing line was never reached, or was reached and passed this time.
      if (!rerun?.failedTheSameWay) {
        stopNextToFailure(error, { pendingOperations: this.ledger.pending(session), timeout: session.operations.timeout, aborts: session.operations.aborts }, { name: task.fullTestName, file: session.identity.file })
      }
    }
    this.server.pauseEnded(announcement.id, released, reproduced)
    return { pausedAt: announcement.since, webSocketUrl: this.server.webSocketUrl, released, plan, stoppedAtFailingLine, reproduced, pausedMs: Math.round(monotonicNow() - started) }
  }

  /**
   * Blocks this worker (not the others) until a debugger attaches, or the main process lets it go;
   * a watchdog thread lets it go if the main process never does.
   */
  private async waitForDebugger(): Promise<PauseRelease> {
    const holder = process as ReleaseHolder
    delete holder[releaseKey]
    const stopWatchdog = startReleaseWatchdog(this.server.webSocketUrl, this.settings.waitTimeout)
    try {
      this.server.waitForDebugger()
    }
    finally {
      await stopWatchdog()
    }
    const release = holder[releaseKey] ?? 'debugger'
    delete holder[releaseKey]
    return release
  }

  /**
   * Runs the test's function again with a breakpoint on the line that failed (the first time it runs
   * there): the attached debugger stops on it with the test's locals. Says whether it failed the same way.
   */
  private async rerunStoppingAtTheFailingLine(task: RunnerTestCase, failure: { message: string, site: SourcePosition | null }): Promise<{ stoppedAtTheFailingLine: boolean, failedTheSameWay: boolean } | null> {
    const testFunction = this.testRunner.getTestFn(task)
    const inProcess = await InProcessDebugger.connect()
    try {
      const script = inProcess.scriptOf(task.file.filepath)
      const position = script && failure.site ? await generatedPosition(script, failure.site, task.file.filepath) : null
      return script && position ? await this.rerun(task, testFunction, failure, inProcess.stopOnceAt(script, position)) : null
    }
    finally {
      inProcess.disconnect()
    }
  }

  private async rerun(task: RunnerTestCase, testFunction: () => unknown, failure: { message: string, site: SourcePosition | null }, stopped: () => boolean): Promise<{ stoppedAtTheFailingLine: boolean, failedTheSameWay: boolean }> {
    const restore = keepResult(task)
    const errorsBefore = task.result?.errors?.length ?? 0
    let rerunError: { message?: unknown, stack?: unknown } | undefined
    try {
      await testFunction()
      // Soft assertions record their failures instead of throwing.
      rerunError = task.result?.errors?.[errorsBefore]
    }
    catch (error) {
      rerunError = error as typeof rerunError
    }
    finally {
      restore()
    }
    return { stoppedAtTheFailingLine: stopped(), failedTheSameWay: isSameFailure(rerunError, failure, task.file.filepath) }
  }
}
