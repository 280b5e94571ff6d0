import type { AsyncDebugReport, TestEntry } from '../../src/shared/report.js'
import type { VitestRun } from '../utils/run-vitest.js'
import { beforeAll, describe, expect, test } from 'vitest'
import { asyncDebugBlock } from '../utils/normalize.js'
import { fixtureProject, runVitest } from '../utils/run-vitest.js'

const root = fixtureProject('blocking')

/** Durations are the machine's: "for 291 ms" reads "for N ms". */
function withoutDurations(text: string): string {
  return text.replace(/for \d+ ms/g, 'for N ms')
}

function testNamed(report: AsyncDebugReport, name: string): TestEntry {
  return report.tests.find(test => test.name === name)!
}

// parseCatalog (src/catalog.ts) spins for 600 ms: called by a test, and by the timer of "schedules a refresh",
// which fires while "waits for the page" runs. The config takes WATCHDOG, FAIL_AT and BLOCKING from the environment.
describe.each(['forks', 'threads'])('pool %s', (pool) => {
  describe('with the watchdog from the start', () => {
    let run: VitestRun
    let report: AsyncDebugReport

    beforeAll(async () => {
      run = await runVitest(root, ['--pool', pool, 'tests/catalog.test.ts', 'tests/refresh.test.ts', 'tests/clean.test.ts'], { env: { WATCHDOG: 'always' } })
      report = run.report()
    })

    test('a test that blocks the loop in a helper is named with the helper\'s function and TypeScript line', () => {
      const test = testNamed(report, 'parses the catalog')
      expect(test.diagnosis.map(entry => ({ ...entry, message: withoutDurations(entry.message) }))).toEqual([{
        kind: 'blocked-event-loop',
        attempt: 1,
        site: { file: 'src/catalog.ts', line: 5, column: 3, function: 'parseCatalog' },
        hint: expect.stringContaining('A loop ran on the thread without yielding'),
        message: 'Blocked the event loop for N ms in parseCatalog (src/catalog.ts:5).',
      }])
      const blocking = test.sessions[0]!.blocking!
      expect(blocking.longestMs).toBeGreaterThanOrEqual(200)
      expect(blocking.blocks).toEqual([expect.objectContaining({ capture: 'live', owner: null, stack: expect.arrayContaining(['parseCatalog (src/catalog.ts:5:3)']) })])
      expect(withoutDurations(asyncDebugBlock(run.stdout))).toContain([
        ' ! tests/catalog.test.ts > parses the catalog',
        '   - Blocked the event loop for N ms in parseCatalog (src/catalog.ts:5).',
      ].join('\n'))
    })

    test('an earlier test\'s timer that blocks during a later test is that earlier test\'s, and counts in the later test\'s stats', () => {
      const owner = testNamed(report, 'schedules a refresh')
      expect(owner.diagnosis.filter(entry => entry.kind === 'blocked-event-loop').map(entry => withoutDurations(entry.message))).toEqual([
        'Its timer blocked the event loop for N ms in parseCatalog (src/catalog.ts:5), during "waits for the page", after this test ended.',
      ])
      const during = testNamed(report, 'waits for the page')
      expect(during.diagnosis.map(entry => entry.kind)).not.toContain('blocked-event-loop')
      expect(during.sessions[0]!.blocking).toEqual(expect.objectContaining({ count: 1, blocks: [expect.objectContaining({ owner: expect.objectContaining({ name: 'schedules a refresh', attempt: 1 }) })] }))
      expect(owner.sessions[0]!.blocking).toBeUndefined()
    })

    test('without failAt the blocks change neither Vitest\'s verdict nor its exit code', () => {
      expect(run.exitCode).toBe(0)
      expect(report.tests.map(test => test.state)).toEqual(['passed', 'passed', 'passed', 'passed', 'passed'])
      expect(asyncDebugBlock(run.stdout)).toContain('2 tests blocked the event loop')
    })
  })

  test('with the default watchdog, a worker\'s first block has its length and test, no site, and the note saying how to name it', async () => {
    const run = await runVitest(root, ['--pool', pool, 'tests/catalog.test.ts'], { env: { WATCHDOG: 'after-first-block' } })
    const test = testNamed(run.report(), 'parses the catalog')
    expect(test.sessions[0]!.blocking!.blocks).toEqual([expect.objectContaining({ capture: 'after', site: null, stack: [], owner: null })])
    expect(test.diagnosis.map(entry => ({ ...entry, message: withoutDurations(entry.message) }))).toEqual([{
      kind: 'blocked-event-loop',
      attempt: 1,
      site: null,
      message: 'Blocked the event loop for N ms (only its length is known: the watchdog that names the function starts after a worker\'s first block; set blocking: { watchdog: \'always\' } to name it).',
    }])
    expect(run.exitCode).toBe(0)
  })

  test('failAt fails the test whose code blocked, naming the duration, function and site', async () => {
    const run = await runVitest(root, ['--pool', pool, 'tests/catalog.test.ts'], { env: { WATCHDOG: 'always', FAIL_AT: '250' } })
    const test = testNamed(run.report(), 'parses the catalog')
    expect(test.state).toBe('failed')
    expect(test.errors.map(error => ({ name: error.name, message: withoutDurations(error.message) }))).toEqual([{
      name: 'EventLoopBlockedError',
      message: 'this test blocked the event loop for N ms in parseCatalog (src/catalog.ts:5) (blocking.failAt: 250 ms)',
    }])
    expect(run.output).toContain('❯ parseCatalog src/catalog.ts:5:3')
    expect(run.exitCode).toBe(1)
  })

  // The watchdog's inspector session, when connected from another thread, made the in-thread pause of `locals`
  // at the throw wait for that thread to resume it: the worker hung.
  test('with locals on, a test that blocks and then fails ends, with its block and its locals', async () => {
    const run = await runVitest(root, ['--pool', pool, 'tests/fails.test.ts'], { env: { WATCHDOG: 'always', LOCALS: '1' }, killAfterMs: 60_000 })
    expect(run.timedOut).toBe(false)
    expect(run.exitCode).toBe(1)
    const test = testNamed(run.report(), 'rejects an empty catalog')
    expect(test.state).toBe('failed')
    expect(test.diagnosis.map(entry => withoutDurations(entry.message))).toEqual(['Blocked the event loop for N ms in parseCatalog (src/catalog.ts:5).'])
    expect(test.sessions[0]!.locals).toBeDefined()
  })

  test('a clean suite reports no block: no blocking field, no diagnosis, no block in the terminal', async () => {
    const run = await runVitest(root, ['--pool', pool, 'tests/clean.test.ts'], { env: { WATCHDOG: 'always' } })
    const report = run.report()
    expect(report.tests.flatMap(test => test.sessions.map(session => session.blocking))).toEqual([undefined, undefined])
    expect(report.tests.flatMap(test => test.diagnosis)).toEqual([])
    expect(run.stdout).not.toContain('ASYNC DEBUG')
    expect(run.exitCode).toBe(0)
  })
})
