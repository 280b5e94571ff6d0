import type { AsyncDebugReport, TestEntry, TestSession } from '../../src/shared/report.js'
import type { VitestRun } from '../utils/run-vitest.js'
import { beforeAll, describe, expect, test } from 'vitest'
import { asyncDebugSection } from '../utils/normalize.js'
import { lineOf } from '../utils/fixture-source.js'
import { fixtureProject, runVitest } from '../utils/run-vitest.js'

const root = fixtureProject('ledger-timeouts')

const connectLine = lineOf(root, 'helpers/client.ts', '// connect')
const awaitLine = lineOf(root, 'helpers/client.ts', '// await data')
const ignoredTimerLine = lineOf(root, 'tests/signals.test.ts', '// ignores the signal')
const listeningTimerLine = lineOf(root, 'tests/signals.test.ts', '// listens to the signal')
const silentSocket = `a socket (helpers/client.ts:${connectLine}) that never received data`
const ignoredTimer = `a timer (tests/signals.test.ts:${ignoredTimerLine}) that had not fired`

describe.each(['forks', 'threads'])('pool %s', (pool) => {
  let run: VitestRun
  let report: AsyncDebugReport
  let full: VitestRun
  let fullReport: AsyncDebugReport
  let rerun: VitestRun
  let rerunReport: AsyncDebugReport

  beforeAll(async () => {
    run = await runVitest(root, ['--pool', pool])
    report = run.report()
    // The same socket test with a creation stack for every promise (`stackCapture: 'full'`).
    full = await runVitest(root, ['--pool', pool, '--config', 'vitest.full.config.ts'], { reportFile: '.vitest-async-debug/full-report.json' })
    fullReport = full.report()
    // The default options: the timed-out test is run once more, alone, with full stack capture.
    rerun = await runVitest(root, ['--pool', pool, '--config', 'vitest.rerun.config.ts'], { reportFile: '.vitest-async-debug/rerun-report.json' })
    rerunReport = rerun.report()
  })

  function testIn(source: AsyncDebugReport, name: string): TestEntry {
    return source.tests.find(test => test.name === name) ?? expect.fail(`no test named ${name}`)
  }
  const sessionOf = (source: AsyncDebugReport, name: string): TestSession => testIn(source, name).sessions.at(-1) ?? expect.fail(`${name} has no session`)

  test('every test times out, and only the timeout is diagnosed', () => {
    expect(Object.fromEntries(report.tests.map(test => [`${test.file} > ${test.name}`, [test.state, ...test.diagnosis.map(entry => entry.kind)]]))).toEqual({
      'tests/signals.test.ts > ignores its signal': ['failed', 'timed-out'],
      'tests/signals.test.ts > passes its signal on': ['failed', 'timed-out'],
      'tests/silent-socket.test.ts > waits for a greeting that never comes': ['failed', 'timed-out'],
    })
    expect(testIn(report, 'waits for a greeting that never comes').errors[0]?.message).toContain('Test timed out in 300ms')
    expect(report.summary).toMatchObject({ tests: 3, failed: 3, timedOut: 3, unhandledErrors: 0, testsWithLateActivity: 0 })
    expect(report.lateActivity).toEqual([])
    expect(run.exitCode).toBe(1)
  })

  test('a timeout on a socket that never answers names the socket the helper connected', () => {
    const session = sessionOf(report, 'waits for a greeting that never comes')
    const site = { file: 'helpers/client.ts', line: connectLine, function: 'readGreeting' }
    expect(session.timeout).toMatchObject({
      awaiting: null,
      waitingOn: { kind: 'socket', type: 'TCPWRAP', callbacks: 0, keepsProcessAlive: true, site },
      capture: 'handles-only',
      summary: `timed out while ${silentSocket} was pending`,
    })
    expect(session.timeout?.pending).toEqual([expect.objectContaining({ kind: 'socket', site: expect.objectContaining(site) })])
    expect(testIn(report, 'waits for a greeting that never comes').diagnosis).toEqual([{
      kind: 'timed-out',
      attempt: 1,
      site: expect.objectContaining(site),
      message: `Timed out while ${silentSocket} was pending. The timeout aborted the test's signal, but 1 pending operation did not react to it: ${silentSocket}.`,
    }])
    expect(session.aborts).toEqual([expect.objectContaining({ source: 'test-signal', outcome: 'ignored-by-pending-work', ignoredBy: [expect.objectContaining({ kind: 'socket', site: expect.objectContaining(site) })] })])
    expect(asyncDebugSection(run.stdout, 'tests/silent-socket.test.ts > waits for a greeting that never comes')).toEqual([
      ' ✗ tests/silent-socket.test.ts > waits for a greeting that never comes',
      `   - Timed out while ${silentSocket} was pending. The timeout aborted the test's signal, but 1 pending operation did not react to it: ${silentSocket}.`,
    ])
  })

  test('with full stack capture the timeout also names the await in the helper', () => {
    expect(fullReport.environment.options).toMatchObject({ stackCapture: 'full' })
    expect(fullReport.tests.map(test => test.name)).toEqual(['waits for a greeting that never comes'])
    const summary = `timed out while awaiting readGreeting() (helpers/client.ts:${awaitLine}), which waits on ${silentSocket}`
    const session = sessionOf(fullReport, 'waits for a greeting that never comes')
    expect(session.timeout).toMatchObject({
      awaiting: { function: 'readGreeting', site: { file: 'helpers/client.ts', line: awaitLine, function: 'readGreeting' } },
      waitingOn: { kind: 'socket', site: { file: 'helpers/client.ts', line: connectLine } },
      capture: 'full',
      summary,
    })
    const [diagnosis, ...others] = testIn(fullReport, 'waits for a greeting that never comes').diagnosis
    expect(others).toEqual([])
    expect(diagnosis).toMatchObject({ kind: 'timed-out', site: { file: 'helpers/client.ts', line: awaitLine } })
    const sentence = `Timed out while awaiting readGreeting() (helpers/client.ts:${awaitLine}), which waits on ${silentSocket}.`
    expect(diagnosis?.message.slice(0, sentence.length)).toBe(sentence)
    const [header, line] = asyncDebugSection(full.stdout, 'tests/silent-socket.test.ts > waits for a greeting that never comes')
    expect(header).toBe(' ✗ tests/silent-socket.test.ts > waits for a greeting that never comes')
    expect(line?.slice(0, sentence.length + 5)).toBe(`   - ${sentence}`)
  })

  test('a test that ignores its signal: the timeout names the timer that did not react', () => {
    const session = sessionOf(report, 'ignores its signal')
    const site = { file: 'tests/signals.test.ts', line: ignoredTimerLine }
    expect(session.timeout).toMatchObject({ waitingOn: { kind: 'timeout', site, listensTo: null }, summary: `timed out while ${ignoredTimer} was pending` })
    expect(session.aborts).toEqual([expect.objectContaining({
      source: 'test-signal',
      reason: expect.objectContaining({ message: expect.stringContaining('Test timed out in 200ms') }),
      crossesSessions: false,
      ignoredBy: [expect.objectContaining({ kind: 'timeout', site: expect.objectContaining(site), listensTo: null })],
      outcome: 'ignored-by-pending-work',
    })])
    const message = `Timed out while ${ignoredTimer} was pending. The timeout aborted the test's signal, but 1 pending operation did not react to it: ${ignoredTimer}.`
    expect(testIn(report, 'ignores its signal').diagnosis).toEqual([{ kind: 'timed-out', attempt: 1, site: expect.objectContaining(site), message }])
    expect(asyncDebugSection(run.stdout, 'tests/signals.test.ts > ignores its signal')).toEqual([
      ' ✗ tests/signals.test.ts > ignores its signal',
      `   - ${message}`,
    ])
  })

  test('a test that passes its signal on: the timer listened, so nothing ignored the abort', () => {
    const session = sessionOf(report, 'passes its signal on')
    expect(session.aborts).toEqual([expect.objectContaining({ source: 'test-signal', ignoredBy: [], outcome: 'became-test-failure' })])
    expect(session.aborts?.[0]?.listeners).toContainEqual({ site: expect.objectContaining({ file: 'tests/signals.test.ts', line: listeningTimerLine }), machinery: false })
    expect(session.ledger?.leftRunning).toBeUndefined()
    const [diagnosis, ...others] = testIn(report, 'passes its signal on').diagnosis
    expect(others).toEqual([])
    expect(diagnosis?.kind).toBe('timed-out')
    expect(diagnosis?.message).not.toContain('did not react')
    expect(asyncDebugSection(run.stdout, 'tests/signals.test.ts > passes its signal on')).toEqual([
      ' ✗ tests/signals.test.ts > passes its signal on',
      `   - ${diagnosis?.message}`,
    ])
  })

  // Regression: the snapshot of pending work was taken after the signal's listeners ran, so a timer
  // that listened had already been cleared by its listener and was missing from `timeout.pending`.
  test('a test that passes its signal on: the timeout names the timer it was waiting on, which listened', () => {
    const session = sessionOf(report, 'passes its signal on')
    const timer = { kind: 'timeout', site: { file: 'tests/signals.test.ts', line: listeningTimerLine }, listensTo: 'test-signal' }
    expect(session.timeout).toMatchObject({ waitingOn: timer, summary: `timed out while a timer (tests/signals.test.ts:${listeningTimerLine}) that had not fired was pending` })
    expect(testIn(report, 'passes its signal on').diagnosis[0]?.message).toContain('1 pending operation listened to it.')
  })

  test('by default the timed-out test is re-run alone with full capture, and the diagnosis names the await and says how it was found', () => {
    const session = sessionOf(rerunReport, 'waits for a greeting that never comes')
    const summary = `timed out while awaiting readGreeting() (helpers/client.ts:${awaitLine}), which waits on ${silentSocket}`
    expect(session.timeout).toMatchObject({
      awaiting: { function: 'readGreeting', site: { file: 'helpers/client.ts', line: awaitLine } },
      waitingOn: { kind: 'socket', site: { file: 'helpers/client.ts', line: connectLine } },
      capture: 'rerun',
      rerun: { outcome: 'timed-out-again' },
      summary,
    })
    const message = `Timed out while awaiting readGreeting() (helpers/client.ts:${awaitLine}), which waits on ${silentSocket} (found by running the test again, alone, with full stack capture). The timeout aborted the test's signal, but 1 pending operation did not react to it: ${silentSocket}.`
    expect(testIn(rerunReport, 'waits for a greeting that never comes').diagnosis.map(({ kind, message }) => ({ kind, message }))).toEqual([{ kind: 'timed-out', message }])
    expect(asyncDebugSection(rerun.stdout, 'tests/silent-socket.test.ts > waits for a greeting that never comes')).toEqual([
      ' ✗ tests/silent-socket.test.ts > waits for a greeting that never comes',
      `   - ${message}`,
    ])
    // The re-run's own result never replaces the run's: one test, failed, and Vitest's exit code.
    expect(rerunReport.summary).toMatchObject({ tests: 1, failed: 1, timedOut: 1 })
    expect(rerun.exitCode).toBe(1)
  })
})
