import type { AsyncDebugReport } from '../../src/shared/report.js'
import type { VitestRun } from '../utils/run-vitest.js'
import { beforeAll, describe, expect, test } from 'vitest'
import { lineOf } from '../utils/fixture-source.js'
import { fixtureProject, runVitest } from '../utils/run-vitest.js'

/**
 * Each mechanism that made findings false on real suites, in a few lines: work asked to end that is still
 * finishing, a server started in beforeAll doing work for one test's request, a socket opened by built-in
 * fetch, aborts of a controller made in another test, of a library's own lifetime, and beside a fallback timer.
 */
const root = fixtureProject('ledger-precision')
const at = (file: string, marker: string): string => `${file}:${lineOf(root, file, marker)}`
const closing = 'tests/closing.test.ts'
const aborts = 'tests/aborts.test.ts'
const server = 'tests/server-in-before-all.test.ts'
const fetchSite = 'tests/fetch-site.test.ts'

const creator = 'creates a controller'
const aborter = 'hands the signal of that controller to its work and aborts it'

const expected: Record<string, string[]> = {
  'destroys its socket and closes its server on its last line': [],
  'tears down a TLS connection on its last line': [],
  'closes a WebSocket on its last line': [],
  'closes a built-in WebSocket on its last line': [],
  'uses a child process that afterAll kills': [],
  'ends a connection whose peer never ends its side': [
    `still-closing: Asked to end, but still closing a moment after it ended (not left running): a socket (${at(closing, '// the connection still closing')}).`,
  ],
  'leaves a connection open': [
    `left-running: Left running after it ended: a socket (${at(closing, '// the connection left open')}) that never received data.`,
  ],
  'queues a zero-delay timer on its last line, as a library\'s bookkeeping does': [],
  'keeps queueing immediates, one after another': [
    `left-running: Left running after it ended: an immediate (${at(closing, '// the immediate queued again and again')}) that had not run.`,
  ],
  'requests a page': [],
  'requests a report, whose route leaves a timer running': [
    `left-running: Left running after it ended: a timer (${at(server, '// the route\'s timer that outlives the request')}) that had not fired.`,
  ],
  'requests a page again': [],
  [creator]: [
    `abort-crossed-tests: A signal this test created was aborted by "${aborter}" at ${at(aborts, '// aborts another test\'s controller')} (reason: stop).`,
  ],
  [aborter]: [
    `abort-crossed-tests: Aborted at ${at(aborts, '// aborts another test\'s controller')} a signal that "${creator}" created (reason: stop): one test's cancellation reached into another.`,
  ],
  'races a request against a fallback timer and aborts the request': [
    `left-running: Left running after it ended: a timer (${at(aborts, '// the fallback timer')}) that had not fired.`,
  ],
  'uses a shared pool that a library created': [],
  'disposes of the shared pool on purpose': [],
  'starts a request it does not wait for': [
    `left-running: Left running after it ended: a socket (${at(fetchSite, '// the request left running')}) that never received data.`,
  ],
  'starts a request through a spied fetch and does not wait for it': [
    `left-running: Left running after it ended: a socket (${at(fetchSite, '// the spied request left running')}) that never received data.`,
  ],
}

describe.each(['forks', 'threads'])('pool %s', (pool) => {
  let run: VitestRun
  let report: AsyncDebugReport

  beforeAll(async () => {
    run = await runVitest(root, ['--pool', pool])
    report = run.report()
  })

  test('every test passes (or, without a built-in WebSocket, is skipped)', () => {
    expect(run.exitCode).toBe(0)
    const states = report.tests.map(test => test.state)
    expect(states.filter(state => state !== 'passed' && state !== 'skipped')).toEqual([])
  })

  test('each test has exactly the findings that are true, owned by the test that caused them', () => {
    const findings = Object.fromEntries(report.tests.map(test => [test.name, test.diagnosis.map(entry => `${entry.kind}: ${entry.message}`)]))
    expect(findings).toEqual(expected)
  })

  test('no hook left anything open when the files ended, and no work ran late in another test', () => {
    expect(report.files.flatMap(file => file.teardown).filter(record => record.ownerScope !== 'test')).toEqual([])
    expect(report.lateActivity).toEqual([])
    expect(report.unhandledErrors).toEqual([])
  })

  test('the still-closing socket is in the report apart from what was left running', () => {
    const session = report.tests.find(test => test.name === 'ends a connection whose peer never ends its side')!.sessions[0]!
    expect(session.ledger?.leftRunning).toBeUndefined()
    expect(session.ledger?.stillClosing).toEqual([expect.objectContaining({ kind: 'socket', site: expect.objectContaining({ file: closing }) })])
  })
})
