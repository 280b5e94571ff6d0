import type { AsyncDebugReport } from '../../src/shared/report.js'
import type { VitestRun } from '../utils/run-vitest.js'
import { beforeAll, describe, expect, test } from 'vitest'
import { asyncDebugBlock } from '../utils/normalize.js'
import { fixtureProject, runVitest } from '../utils/run-vitest.js'

const root = fixtureProject('ledger-policy')

// leaks: 'error', ignorePaths: ['helpers/pool.ts'], ignoreKinds: ['timeout'] (see the fixture's config).
describe.each(['forks', 'threads'])('pool %s', (pool) => {
  let run: VitestRun
  let report: AsyncDebugReport

  beforeAll(async () => {
    run = await runVitest(root, ['--pool', pool])
    report = run.report()
  })

  test('with leaks: \'error\' the test that left an interval running fails, with the creation site as its stack', () => {
    const leaker = report.tests.find(test => test.name === 'leaves an interval running')
    expect(leaker?.state).toBe('failed')
    expect(leaker?.errors).toEqual([expect.objectContaining({
      name: 'AsyncLeakError',
      message: 'this test left 1 operation running after it ended (leaks: \'error\'):\n  - an interval (helpers/poll.ts:2) that was never cleared',
    })])
    expect(run.output).toContain('❯ startPolling helpers/poll.ts:2:3')
    expect(run.exitCode).toBe(1)
  })

  test('ignorePaths and ignoreKinds keep what they name out of the verdict and the report', () => {
    const states = Object.fromEntries(report.tests.map(test => [test.name, [test.state, ...test.diagnosis.map(entry => entry.kind)]]))
    expect(states).toEqual({
      'leaves an interval running': ['failed', 'left-running'],
      'keeps a pool warm': ['passed'],
      'schedules a timer it does not wait for': ['passed'],
      'waits while the interval fires': ['passed', 'received-late-activity'],
    })
  })

  test('late work fails the run and says why', () => {
    expect(report.run.status).toBe('failed')
    expect(asyncDebugBlock(run.stdout)).toContain('leaks is \'error\': work of 1 test ran after it ended, so the run fails.')
  })
})
