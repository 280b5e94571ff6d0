import type { AsyncDebugReport } from '../../src/shared/report.js'
import type { VitestRun } from '../utils/run-vitest.js'
import { beforeAll, describe, expect, test } from 'vitest'
import { asyncDebugBlock } from '../utils/normalize.js'
import { fixtureProject, runVitest } from '../utils/run-vitest.js'

// Tests that break what the plugin relies on (stack traces): the plugin's own code fails, the tests do not.
const root = fixtureProject('plugin-faults')
const brokenTrace = 'makes every stack trace throw, and leaves a timer'
const brokenCapture = 'breaks Error.captureStackTrace while it starts a timer'

describe.each(['forks', 'threads'])('pool %s', (pool) => {
  let run: VitestRun
  let report: AsyncDebugReport

  beforeAll(async () => {
    run = await runVitest(root, ['--pool', pool])
    report = run.report()
  })

  test('the tests pass as they would without the plugin', () => {
    expect(run.exitCode).toBe(0)
    expect(report.tests.map(test => [test.name, test.state])).toEqual([[brokenTrace, 'passed'], [brokenCapture, 'passed']])
  })

  test('the report lists each failure of the plugin with the test it happened in', () => {
    expect(report.pluginFaults).toEqual([
      { file: 'tests/broken-stacks.test.ts', while: 'concluding the test\'s async ledger', error: { name: 'Error', message: 'no stack traces here', stack: null }, test: expect.objectContaining({ name: brokenTrace }) },
      { file: 'tests/broken-stacks.test.ts', while: 'tracking an async resource', error: expect.objectContaining({ name: 'Error', message: 'captureStackTrace is broken' }), test: expect.objectContaining({ name: brokenCapture }) },
    ])
  })

  test('the block says first that the plugin failed', () => {
    expect(asyncDebugBlock(run.stdout).split('\n').slice(0, 6)).toEqual([
      ' ASYNC DEBUG  the plugin itself failed',
      '',
      ' ✗ vitest-async-debug itself failed 2 times: a bug in the plugin, not in your tests, which ran as they would without it. Findings near these may be incomplete.',
      `   - while concluding the test's async ledger, in "${brokenTrace}" (tests/broken-stacks.test.ts): Error: no stack traces here`,
      `   - while tracking an async resource, in "${brokenCapture}" (tests/broken-stacks.test.ts): Error: captureStackTrace is broken`,
      '   The stacks are in the JSON report (pluginFaults). asyncDebug({ enabled: false }) runs without the plugin.',
    ])
  })
})
