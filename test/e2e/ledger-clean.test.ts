import type { AsyncDebugReport, TestEntry } from '../../src/shared/report.js'
import type { VitestRun } from '../utils/run-vitest.js'
import { beforeAll, describe, expect, test } from 'vitest'
import { asyncDebugBlock } from '../utils/normalize.js'
import { fixtureProject, runVitest } from '../utils/run-vitest.js'

const root = fixtureProject('ledger-clean')

/** What the ledger says about a test; all empty for a clean test. */
function findings(test: TestEntry) {
  return {
    state: test.state,
    diagnosis: test.diagnosis,
    leftRunning: test.sessions.flatMap(session => session.ledger?.leftRunning ?? []),
    notListed: test.sessions.reduce((sum, session) => sum + (session.ledger?.notListed ?? 0), 0),
    timeout: test.sessions.flatMap(session => (session.timeout ? [session.timeout] : [])),
    ignoredAborts: test.sessions.flatMap(session => session.aborts ?? []).filter(abort => abort.ignoredBy.length > 0 || abort.crossesSessions),
  }
}

const clean = { state: 'passed', diagnosis: [], leftRunning: [], notListed: 0, timeout: [], ignoredAborts: [] }

describe.each(['forks', 'threads'])('pool %s', (pool) => {
  let run: VitestRun
  let report: AsyncDebugReport

  beforeAll(async () => {
    run = await runVitest(root, ['--pool', pool])
    report = run.report()
  })

  const testsOf = (file: string): TestEntry[] => report.tests.filter(test => test.file === file)
  const findingsOf = (file: string) => Object.fromEntries(testsOf(file).map(test => [test.name, findings(test)]))
  const teardownOf = (file: string) => report.files.find(entry => entry.file === file)?.teardown ?? expect.fail(`no file ${file}`)

  test('every test passes; leaks only warn', () => {
    expect(report.summary).toMatchObject({ files: 3, tests: 12, passed: 12, failed: 0, unhandledErrors: 0, timedOut: 0 })
    expect(run.exitCode).toBe(0)
  })

  test('clean async work: no test carries a diagnosis or leaves anything running', () => {
    expect(findingsOf('tests/clean.test.ts')).toEqual({
      'awaits timers': clean,
      'awaits an immediate': clean,
      'clears its interval': clean,
      'leaves only an unref\'d timer': clean,
      'fetches from the file\'s server and reads the body': clean,
      'opens and closes a file': clean,
      'aborts its own controller and handles the abort': clean,
      'awaits a promise that settles': clean,
      // Regression: the unref'd timer of AbortSignal.timeout was listed as pending work that ignored the abort.
      'combines an aborted controller with AbortSignal.timeout': clean,
    })
    // The handled abort is recorded, and nothing ignored it.
    expect(testsOf('tests/clean.test.ts').find(test => test.name === 'aborts its own controller and handles the abort')?.sessions[0]?.aborts).toEqual([
      expect.objectContaining({ source: 'controller', reason: { name: 'Error', message: 'cancelled' }, crossesSessions: false, ignoredBy: [] }),
    ])
    expect(report.lateActivity.filter(record => record.owner.file === 'tests/clean.test.ts')).toEqual([])
  })

  test('clean async work: nothing a test opened is open when the file ends (pooled fetch socket, unref\'d timer)', () => {
    expect(teardownOf('tests/clean.test.ts').filter(record => record.ownerScope !== 'suite-hook')).toEqual([])
  })

  test('the terminal block names no clean test', () => {
    expect(asyncDebugBlock(run.stdout)).not.toContain('tests/clean.test.ts')
  })

  // Regression: a handle whose close has started but whose close callback has not run yet counted as
  // open (`getAsyncId()` turns -1 only in the loop's close phase), so the server closed in afterAll was
  // listed as still listening when the file ended.
  test('clean async work: the server closed in afterAll is not open when the file ends', () => {
    expect(teardownOf('tests/clean.test.ts')).toEqual([])
  })

  // Regression, the same cause: a child process awaited to 'exit' and a server awaited to close were
  // reported as left running.
  test('handles closed before the test ends are not reported', () => {
    expect(findingsOf('tests/closed-handles.test.ts')).toEqual({
      'waits for a child process to exit': clean,
      'closes its server before it ends': clean,
    })
    expect(teardownOf('tests/closed-handles.test.ts')).toEqual([])
  })

  // Regression: the pooled keep-alive socket of fetch() sees the server's close during afterAll, and
  // that was reported as late activity of the test that fetched.
  test('the pooled socket of a fetch is not reported when the server closes it after the tests', () => {
    expect(findingsOf('tests/keep-alive.test.ts')).toEqual({ 'fetches from the file\'s server and reads the body': clean })
    expect(report.lateActivity).toEqual([])
    expect(teardownOf('tests/keep-alive.test.ts')).toEqual([])
  })
})
