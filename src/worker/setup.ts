/**
 * Loaded into every test file through `setupFiles` by the plugin. Opens one session per test attempt
 * and watches unhandled errors.
 */
import type { RunnerTestCase } from 'vitest'
import type { SessionState } from '../shared/session.js'
import type { WorkerOptions } from '../shared/worker-options.js'
import { relative, sep } from 'node:path'
import { aroundAll, aroundEach, inject } from 'vitest'
import { WORKER_OPTIONS_KEY } from '../shared/constants.js'
import { DebugOnFail, isFinalFailure } from './pause/debug-on-fail.js'
import { pauseFailedTestsInsideTheTest } from './pause/runner-hook.js'
import { DebugServer } from './debug-server.js'
import { leakError } from './ledger/leak-error.js'
import { Ledger } from './ledger/ledger.js'
import { Session } from './session.js'
import { fileMeta, testMeta } from './task-meta.js'
import { observeUnhandledErrors } from './unhandled-errors.js'
import { describeWorker } from './worker-info.js'
import { workerState } from './worker-state.js'

const state = workerState()
const options = inject(WORKER_OPTIONS_KEY as never) as WorkerOptions
const worker = describeWorker(options.pool)
observeUnhandledErrors(state)
if (!state.ledger) {
  state.ledger = new Ledger(state, options)
  state.ledger.enable()
}
const ledger = state.ledger
if (options.debugServer && (!state.debugServer || state.debugServer.closed)) {
  state.debugServer = await DebugServer.start(options.debugServer, options.pool, state.debugServer?.hub)
  if (options.debugOnFail) {
    state.debugOnFail = new DebugOnFail(state.debugServer, ledger, options.debugOnFail.waitTimeout)
    pauseFailedTestsInsideTheTest(state)
  }
}

function projectPath(file: string): string {
  return relative(options.root, file).split(sep).join('/')
}

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

// Vitest requires the (unused) context parameter of aroundAll to be an object pattern.
aroundAll(async (runSuite, {}, suite) => {
  const file = suite.file
  if (suite !== file) {
    return runSuite()
  }
  const path = projectPath(file.filepath)
  const meta = fileMeta(file, worker)
  state.currentFileMeta = meta
  state.currentFile = path
  meta.unhandledErrors.push(...state.unfiledErrors.splice(0))
  meta.lateActivity.push(...state.unfiledLateActivity.splice(0))
  ledger.fileStarted(path)
  try {
    await state.storage.run({ session: null, suiteFile: path, operation: null }, runSuite)
  }
  finally {
    meta.teardown.push(...await ledger.concludeFile(path))
    state.currentFileMeta = null
    state.currentFile = null
    await state.debugServer?.close()
  }
}, NO_TIMEOUT)

aroundEach(async (runTest, context) => {
  const { task } = context
  const meta = testMeta(task)
  const session = new Session({
    testId: task.id,
    name: task.name,
    fullName: task.fullTestName,
    file: projectPath(task.file.filepath),
    attempt: meta.sessions.length + 1,
    worker,
  }, options.maxEventsPerSession)
  state.openSessions.add(session)
  state.debugServer?.testStarted({ name: session.identity.name, fullName: session.identity.fullName, file: session.identity.file })
  ledger.aborts.markTestSignal(context.signal, session)
  let failure: Error | null = null
  try {
    await state.storage.run({ session, suiteFile: null, operation: null }, runTest)
    if (state.debugOnFail && isFinalFailure(task) && !state.debugOnFail.hasPaused(session)) {
      session.debug = await state.debugOnFail.pause(task, session, false)
    }
  }
  finally {
    state.openSessions.delete(session)
    const failureMessages = task.result?.errors?.map(error => error.message) ?? []
    const conclusion = await ledger.concludeSession(session, failureMessages)
    failure = options.leaks === 'error' ? leakError(conclusion.ledger.leftRunning, options.root) : null
    const record = session.end({
      state: failure ? 'failed' : finalState(task),
      retry: task.result?.retryCount ?? 0,
      repeat: task.result?.repeatCount ?? 0,
    })
    record.ledger = conclusion.ledger
    if (conclusion.timeout) {
      record.timeout = conclusion.timeout
    }
    if (conclusion.aborts.length > 0) {
      record.aborts = conclusion.aborts
    }
    if (session.debug) {
      record.debug = session.debug
    }
    meta.sessions.push(record)
  }
  if (failure) {
    throw failure
  }
}, NO_TIMEOUT)
