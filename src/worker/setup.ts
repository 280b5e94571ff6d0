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
import { Session } from './session.js'
import { fileMeta, testMeta } from './task-meta.js'
import { observeUnhandledErrors } from './unhandled-errors.js'
import { describeWorker } from './worker-info.js'
import { workerState } from './worker-state.js'

const state = workerState()
const options = inject(WORKER_OPTIONS_KEY as never) as WorkerOptions
const worker = describeWorker(options.pool)
observeUnhandledErrors(state)

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

// Vitest requires the (unused) context parameter of aroundAll to be an object pattern.
aroundAll(async (runSuite, {}, suite) => {
  const file = suite.file
  if (suite !== file) {
    return runSuite()
  }
  state.currentFileMeta = fileMeta(file, worker)
  state.currentFileMeta.unhandledErrors.push(...state.unfiledErrors.splice(0))
  try {
    await state.storage.run({ session: null, suiteFile: projectPath(file.filepath), operation: null }, runSuite)
  }
  finally {
    state.currentFileMeta = null
  }
})

aroundEach(async (runTest, { task }) => {
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
  try {
    await state.storage.run({ session, suiteFile: null, operation: null }, runTest)
  }
  finally {
    state.openSessions.delete(session)
    meta.sessions.push(session.end({ state: finalState(task), retry: task.result?.retryCount ?? 0, repeat: task.result?.repeatCount ?? 0 }))
  }
})
