import type { AsyncDebugReport, TestEntry } from '../../src/shared/report.js'
import type { VitestRun } from '../utils/run-vitest.js'
import { beforeAll, describe, expect, test } from 'vitest'
import { asyncDebugSection } from '../utils/normalize.js'
import { lineOf } from '../utils/fixture-source.js'
import { fixtureProject, runVitest } from '../utils/run-vitest.js'

const root = fixtureProject('ledger-aborts')

const abortLine = lineOf(root, 'tests/aborts.test.ts', '// aborts across tests')
const listenerLine = lineOf(root, 'tests/aborts.test.ts', 'once(emitter, \'never\'')
const creator = 'starts work with a shared controller'
const aborter = 'aborts the controller of the previous test'

describe.each(['forks', 'threads'])('pool %s', (pool) => {
  let run: VitestRun
  let report: AsyncDebugReport

  beforeAll(async () => {
    run = await runVitest(root, ['--pool', pool])
    report = run.report()
  })

  function testNamed(name: string): TestEntry {
    return report.tests.find(test => test.name === name) ?? expect.fail(`no test named ${name}`)
  }

  test('the abort is recorded in the aborting test, with the creator, the site and the listener', () => {
    expect(run.exitCode).toBe(0)
    expect(testNamed(creator).sessions[0]?.aborts).toBeUndefined()
    expect(testNamed(aborter).sessions[0]?.aborts).toEqual([{
      source: 'controller',
      reason: { name: 'Error', message: 'stop' },
      abortSite: expect.objectContaining({ file: 'tests/aborts.test.ts', line: abortLine }),
      at: expect.any(Number),
      createdBy: expect.objectContaining({ name: creator, attempt: 1 }),
      abortedBy: expect.objectContaining({ name: aborter, attempt: 1 }),
      crossesSessions: true,
      listeners: [{ site: expect.objectContaining({ file: 'tests/aborts.test.ts', line: listenerLine }), machinery: false }],
      ignoredBy: [],
      outcome: 'swallowed',
    }])
  })

  test('both tests are diagnosed: the aborter names the creator and the abort line, the creator names the aborter', () => {
    const site = expect.objectContaining({ file: 'tests/aborts.test.ts', line: abortLine })
    const aborterMessage = `Aborted at tests/aborts.test.ts:${abortLine} a signal that "${creator}" created (reason: stop): one test's cancellation reached into another.`
    const creatorMessage = `A signal this test created was aborted by "${aborter}" at tests/aborts.test.ts:${abortLine} (reason: stop).`
    // The pending `once()` promise of the first test settles when the second test aborts its signal. With
    // cheap capture promises are not tracked one by one, so that is not listed as late work: the abort says it.
    expect(testNamed(creator).diagnosis).toEqual([{ kind: 'abort-crossed-tests', attempt: 1, site, message: creatorMessage }])
    expect(testNamed(aborter).diagnosis).toEqual([{ kind: 'abort-crossed-tests', attempt: 1, site, message: aborterMessage }])
    expect(report.lateActivity).toEqual([])

    expect(asyncDebugSection(run.stdout, `tests/aborts.test.ts > ${creator}`)).toEqual([
      ` ! tests/aborts.test.ts > ${creator}`,
      `   - ${creatorMessage}`,
    ])
    expect(asyncDebugSection(run.stdout, `tests/aborts.test.ts > ${aborter}`)).toEqual([
      ` ! tests/aborts.test.ts > ${aborter}`,
      `   - ${aborterMessage}`,
    ])
  })

  // jsdom keeps Node's AbortSignal under its own EventTarget; happy-dom brings its own AbortSignal.
  test.each(['jsdom', 'happy-dom'])('in the %s environment aborts work and are recorded with the listeners still attached', (environment) => {
    const file = `tests/in-${environment}.test.ts`
    const entry = testNamed(`aborts a controller in ${environment}`)
    expect(entry.sessions.map(session => session.state)).toEqual(['passed'])
    expect(entry.sessions[0]?.aborts).toEqual([expect.objectContaining({
      source: 'controller',
      reason: { name: 'Error', message: `stop in ${environment}` },
      abortSite: expect.objectContaining({ file, line: lineOf(root, file, `// aborts in ${environment}`) }),
      listeners: [{ site: expect.objectContaining({ file, line: lineOf(root, file, '// the listener that stays') }), machinery: false }],
      outcome: 'swallowed',
    })])
  })
})
