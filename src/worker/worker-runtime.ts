/**
 * What the worker side does for each test file: one session per test attempt, the async ledger, unhandled
 * errors and, when asked, the debug server. Loaded once per worker by the setup file (setup.ts), which is
 * evaluated again for every test file and hands over the `vitest` module of that file.
 */
import type { RunnerTestCase, RunnerTestFile, TestContext } from 'vitest'
import type { SessionState } from '../shared/session.js'
import type { WorkerInfo } from '../shared/session.js'
import type { WorkerOptions } from '../shared/worker-options.js'
import type { Ledger as LedgerType, SessionConclusion } from './ledger/ledger.js'
import type { VitestApi } from './vitest-api.js'
import type { WorkerState } from './worker-state.js'
import { relative, sep } from 'node:path'
import { WORKER_OPTIONS_KEY } from '../shared/constants.js'
import { DebugOnFail, isFinalFailure } from './pause/debug-on-fail.js'
import { pauseFailedTestsInsideTheTest } from './pause/runner-hook.js'
import { DebugServer } from './debug-server.js'
import { BlockingMonitor } from './blocking/blocking-monitor.js'
import { WorkerMonitor } from './monitor.js'
import { installInspection } from './inspection.js'
import { leakError } from './ledger/leak-error.js'
import { thrownByPlugin } from './ledger/stack.js'
import { recordPluginFault } from './plugin-faults.js'
import { Ledger } from './ledger/ledger.js'
import { FileLocals } from './locals/file-locals.js'
import { Session } from './session.js'
import { fileMeta, testMeta } from './task-meta.js'
import { keepAsyncIdsOffPromises } from './promise-ids.js'
import { observeUnhandledErrors } from './unhandled-errors.js'
import { describeWorker } from './worker-info.js'
import { workerState } from './worker-state.js'

function finalState(task: RunnerTestCase): SessionState {
  const result = task.result?.state
  if (result === 'pass') {
    return 'passed'
  }
  return result === 'skip' || result === 'todo' ? 'skipped' : 'failed'
}

/**
 * The hooks' own timeouts stay off: their code is short and bounded, and a test paused for a debugger
 * (`--debug-on-fail`) must not turn into a hook timeout when it resumes.
 */
const NO_TIMEOUT = 0

/** The hooks of one test file: a session around each test attempt, the file's teardown around its suite. */
class FileInstrumentation {
  private readonly worker: WorkerInfo
  private readonly projectPaths = new Map<string, string>()
  private readonly locals: FileLocals | null

  constructor(private readonly state: WorkerState, private readonly options: WorkerOptions, private readonly ledger: LedgerType) {
    this.worker = describeWorker(options.pool)
    this.locals = options.locals ? new FileLocals({ ...options, locals: options.locals }) : null
  }

  private projectPath(file: string): string {
    let path = this.projectPaths.get(file)
    if (path === undefined) {
      path = relative(this.options.root, file).split(sep).join('/')
      this.projectPaths.set(file, path)
    }
    return path
  }

  async aroundFile(file: RunnerTestFile, runSuite: () => Promise<void>): Promise<void> {
    const { state, ledger } = this
    const path = this.projectPath(file.filepath)
    const meta = fileMeta(file, this.worker)
    state.currentFileMeta = meta
    state.currentFile = path
    state.finishedInFile.length = 0
    meta.unhandledErrors.push(...state.unfiledErrors.splice(0))
    meta.lateActivity.push(...state.unfiledLateActivity.splice(0))
    if (state.unfiledPluginFaults.length > 0) {
      (meta.pluginFaults ??= []).push(...state.unfiledPluginFaults.splice(0))
    }
    ledger.fileStarted(path)
    try {
      await state.storage.run({ session: null, suiteFile: path, operation: null }, runSuite)
    }
    finally {
      try {
        meta.teardown.push(...await ledger.concludeFile(path))
      }
      catch (error) {
        recordPluginFault('checking what was still open when the file ended', error)
      }
      state.currentFileMeta = null
      state.currentFile = null
      this.locals?.close()
      await state.debugServer?.close()
      await state.monitor?.fileEnded()
    }
  }

  /** The session's ledger; null when the plugin failed to conclude it (recorded as its fault, the test goes on). */
  private async conclude(session: Session, failureMessages: string[]): Promise<SessionConclusion | null> {
    try {
      return await this.ledger.concludeSession(session, failureMessages)
    }
    catch (error) {
      this.state.storage.run({ session, suiteFile: null, operation: null }, () => recordPluginFault('concluding the test\'s async ledger', error))
      return null
    }
  }

  async aroundTest(context: TestContext, runTest: () => Promise<void>): Promise<void> {
    const { state, ledger, options } = this
    const task = context.task
    const meta = testMeta(task)
    const session = new Session({
      testId: task.id,
      name: task.name,
      fullName: task.fullTestName,
      file: this.projectPath(task.file.filepath),
      attempt: meta.sessions.length + 1,
      worker: this.worker,
    }, options.maxEventsPerSession)
    state.openSessions.add(session)
    state.blocking?.testStarted(session)
    state.debugServer?.testStarted({ name: session.identity.name, fullName: session.identity.fullName, file: session.identity.file })
    state.monitor?.testStarted({ id: task.id, name: session.identity.name, fullName: session.identity.fullName, file: session.identity.file, startedAt: Math.round(session.startedAt) })
    ledger.aborts.markTestSignal(context.signal, session)
    let failure: Error | null = null
    // No await when locals are off: not even a microtask is added to the test.
    const locals = this.locals ? await this.locals.attempt(task) : null
    try {
      await state.storage.run({ session, suiteFile: null, operation: null }, runTest)
      if (state.debugOnFail && isFinalFailure(task) && !state.debugOnFail.hasPaused(session)) {
        session.debug = await state.debugOnFail.pause(task, session, false) ?? session.debug
      }
    }
    finally {
      const blocking = state.blocking?.testEnded(session)
      const localsRecord = locals ? await locals.finish(task) : null
      state.openSessions.delete(session)
      state.monitor?.testEnded()
      const errors = task.result?.errors ?? []
      for (const error of errors) {
        if (thrownByPlugin(error.stack)) {
          state.storage.run({ session, suiteFile: null, operation: null }, () => recordPluginFault('running inside the test', error))
        }
      }
      const conclusion = await this.conclude(session, errors.map(error => error.message))
      failure = options.leaks === 'error' && conclusion ? leakError(conclusion.ledger.leftRunning ?? [], options.root) : null
      failure ??= blocking?.failure ?? null
      const record = session.end({
        state: failure ? 'failed' : finalState(task),
        retry: task.result?.retryCount ?? 0,
        repeat: task.result?.repeatCount ?? 0,
      })
      if (conclusion) {
        record.ledger = conclusion.ledger
        if (conclusion.timeout) {
          record.timeout = conclusion.timeout
        }
        if (conclusion.aborts.length > 0) {
          record.aborts = conclusion.aborts
        }
      }
      if (session.debug) {
        record.debug = session.debug
      }
      if (localsRecord) {
        record.locals = localsRecord
      }
      if (blocking?.record) {
        record.blocking = blocking.record
      }
      meta.sessions.push(record)
      if (state.debugServer) {
        state.finishedInFile.push(record)
      }
    }
    if (failure) {
      throw failure
    }
  }
}

/** The file Vitest is about to run in this worker (set before setup files run), relative to the root. */
function currentTestFile(root: string): string | null {
  const filepath = (globalThis as { __vitest_worker__?: { filepath?: unknown } }).__vitest_worker__?.filepath
  return typeof filepath === 'string' ? relative(root, filepath).split(sep).join('/') : null
}

/**
 * Registers the plugin's hooks on the test file being collected. Called for every test file: a module
 * loaded from node_modules is evaluated once per worker, and a reused worker runs several files.
 */
export async function instrumentTestFile({ aroundAll, aroundEach, inject, TestRunner, Promise: FilePromise }: VitestApi): Promise<void> {
  const state = workerState()
  const options = inject(WORKER_OPTIONS_KEY as never) as WorkerOptions
  observeUnhandledErrors(state)
  if (!state.ledger) {
    state.ledger = new Ledger(state, options)
    state.ledger.enable()
    keepAsyncIdsOffPromises(Promise)
  }
  keepAsyncIdsOffPromises(FilePromise)
  state.ledger.aborts.install()
  if (options.debugServer && (!state.debugServer || state.debugServer.closed)) {
    if (options.debugServer.dap) {
      installInspection(state)
    }
    state.debugServer = await DebugServer.start(options.debugServer, options.pool, currentTestFile(options.root), state.debugServer?.hub)
    if (options.debugOnFail) {
      state.debugOnFail = new DebugOnFail(state.debugServer, state.ledger, options.debugOnFail, TestRunner)
      pauseFailedTestsInsideTheTest(state, TestRunner)
    }
  }
  // With a debugger on the worker, time stopped at a breakpoint or waiting at a failure would read as a block.
  if (options.blocking && !options.debugServer && !options.debugOnFail && !state.blocking) {
    state.blocking = new BlockingMonitor(options.blocking, options.root, options.blocking.watchdog)
  }
  if (options.monitor && !state.monitor) {
    const worker = describeWorker(options.pool)
    state.monitor = WorkerMonitor.start(options.monitor, { ...worker, threadId: worker.threadId ?? 0, project: options.monitor.project, file: currentTestFile(options.root) }, () => state.currentFile)
  }
  const instrumentation = new FileInstrumentation(state, options, state.ledger)
  // Vitest requires the (unused) context parameter of aroundAll to be an object pattern.
  aroundAll(async (runSuite, {}, suite) => suite === suite.file ? instrumentation.aroundFile(suite.file, runSuite) : runSuite(), NO_TIMEOUT)
  aroundEach((runTest, context) => instrumentation.aroundTest(context, runTest), NO_TIMEOUT)
}
