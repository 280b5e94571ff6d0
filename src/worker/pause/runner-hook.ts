import type { RunnerTestCase } from 'vitest'
import type { VitestApi } from '../vitest-api.js'
import type { WorkerState } from '../worker-state.js'
import { isFinalFailure } from './debug-on-fail.js'

const installed = Symbol.for('vitest-async-debug:on-task-finished')

type OnTaskFinished = (this: unknown, test: RunnerTestCase) => unknown
type RunnerPrototype = { onTaskFinished?: OnTaskFinished, [installed]?: true }

/**
 * Pauses a failed test from inside the test: Vitest calls a runner's `onTaskFinished` after the test
 * function failed and before its afterEach hooks, so the test's fixtures and state are still there to
 * run it again. Runners that are not Vitest's own never call this; the pause then happens after the test.
 */
export function pauseFailedTestsInsideTheTest(state: WorkerState, testRunner: VitestApi['TestRunner']): void {
  const prototype = testRunner.prototype as RunnerPrototype
  if (prototype[installed]) {
    return
  }
  prototype[installed] = true
  const original = prototype.onTaskFinished
  prototype.onTaskFinished = async function onTaskFinished(test) {
    await original?.call(this, test)
    const debugOnFail = state.debugOnFail
    if (!debugOnFail || !isFinalFailure(test)) {
      return
    }
    const session = [...state.openSessions].find(open => open.identity.testId === test.id)
    if (session && !debugOnFail.hasPaused(session)) {
      session.debug = await debugOnFail.pause(test, session, true) ?? session.debug
    }
  }
}
