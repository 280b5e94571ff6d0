import type { AsyncDebugReport, TestEntry } from '../../src/shared/report.js'
import type { VitestRun } from '../utils/run-vitest.js'
import { beforeAll, describe, expect, test } from 'vitest'
import { asyncDebugSection } from '../utils/normalize.js'
import { lineOf } from '../utils/fixture-source.js'
import { fixtureProject, runVitest } from '../utils/run-vitest.js'

const root = fixtureProject('ledger-leaks')

const intervalLine = lineOf(root, 'helpers/poll.ts', 'setInterval(')
// The server's handle (TCPSERVERWRAP) is made by `listen()`, not by `createServer()`, which only
// builds the JavaScript object: the site is the `.listen(` line. (`listen(0)` without a host binds
// synchronously; with a host Node makes the handle in a DNS lookup callback, and the site is still the
// `.listen(` call that started the lookup.)
const listenLine = lineOf(root, 'tests/server.test.ts', '// leaked server, no host')
const listenOnIpLine = lineOf(root, 'tests/server.test.ts', '// leaked server on an IP')
const listenOnHostLine = lineOf(root, 'tests/server.test.ts', '// leaked server on a host name')
const spawnLine = lineOf(root, 'tests/child-process.test.ts', 'spawn(process.execPath')
const lateTimerLine = lineOf(root, 'tests/late-rejection.test.ts', '// late rejection')

const hints = {
  interval: 'An interval was started in this test and never cleared. Call `clearInterval` before the test ends, for example in `afterEach` or `onTestFinished`.',
  server: 'A server was still listening when the test ended. Close it, for example `await new Promise(resolve => server.close(resolve))` in `afterEach`.',
  child: 'A child process started in this test was still running when the test ended. Wait for its `exit` event or call `child.kill()`.',
  timer: 'A timer was started in this test and had not fired when the test ended. This is often caused by a missing `clearTimeout`, or by a delay the test did not await.',
}

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

  const leftRunning = (name: string) => testNamed(name).sessions.at(-1)?.ledger?.leftRunning

  test('each test that leaves work running is named, and no other', () => {
    expect(Object.fromEntries(report.tests.map(test => [`${test.file} > ${test.name}`, test.diagnosis.map(entry => entry.kind)]))).toEqual({
      'tests/child-process.test.ts > spawns a process and does not wait for it': ['left-running'],
      'tests/interval.test.ts > starts polling and forgets it': ['left-running'],
      'tests/interval.test.ts > waits while the poller still runs': ['received-late-activity'],
      'tests/late-rejection.test.ts > rejects after it ended': ['unhandled-error', 'left-running'],
      'tests/late-rejection.test.ts > waits long enough to receive the rejection': ['blamed-by-vitest', 'received-late-activity'],
      'tests/server.test.ts > listens and never closes': ['left-running'],
      'tests/server.test.ts > listens on an IP address and never closes': ['left-running'],
      'tests/server.test.ts > listens on localhost and never closes': ['left-running'],
    })
    expect(report.summary).toMatchObject({ tests: 8, passed: 8, testsThatLeftWorkRunning: 6, testsWithLateActivity: 2, timedOut: 0, unhandledErrors: 1, unhandledErrorsAttributedToTests: 1, unhandledErrorsMisattributedByVitest: 1 })
    // The unhandled rejection fails the run; leaks only warn by default.
    expect(run.exitCode).toBe(1)
  })

  test('an interval started in a helper: left running at the helper\'s line, then fires during the next test', () => {
    const site = { file: 'helpers/poll.ts', line: intervalLine, function: 'startPolling' }
    expect(leftRunning('starts polling and forgets it')).toEqual([
      expect.objectContaining({ kind: 'interval', type: 'Timeout', site: expect.objectContaining(site), keepsProcessAlive: true, callbacks: 0, hint: hints.interval }),
    ])
    expect(leftRunning('starts polling and forgets it')?.[0]?.stack).toEqual([
      expect.stringMatching(`^startPolling \\(helpers/poll\\.ts:${intervalLine}:\\d+\\)$`),
      expect.stringMatching(`^<anonymous> \\(tests/interval\\.test\\.ts:${lineOf(root, 'tests/interval.test.ts', 'startPolling(() =>')}:\\d+\\)$`),
    ])
    expect(testNamed('starts polling and forgets it').diagnosis).toEqual([
      // Left running, then fired in the next test: one finding, on its line.
      { kind: 'left-running', lateActivity: expect.any(Number), attempt: 1, site: expect.objectContaining(site), hint: hints.interval, message: expect.stringMatching(`^Left running after it ended: an interval \\(helpers/poll\\.ts:${intervalLine}\\) that was never cleared, and fired (\\d+ times, first )?\\d+ ms later, during "waits while the poller still runs"\\.$`) },
    ])
    expect(testNamed('waits while the poller still runs').diagnosis).toEqual([
      { kind: 'received-late-activity', lateActivity: expect.any(Number), attempt: 1, site: expect.objectContaining(site), message: 'Work of "starts polling and forgets it" (tests/interval.test.ts) ran during this test, after that test ended: see that test.' },
    ])
    expect(leftRunning('waits while the poller still runs')).toBeUndefined()

    const late = report.lateActivity.filter(record => record.owner.name === 'starts polling and forgets it')
    expect(late).toEqual([expect.objectContaining({
      operation: expect.objectContaining({ kind: 'interval', site: expect.objectContaining(site) }),
      event: 'callback',
      during: expect.objectContaining({ name: 'waits while the poller still runs' }),
      duringFile: 'tests/interval.test.ts',
    })])
    expect(late[0]!.count).toBeGreaterThanOrEqual(1)
    expect(late[0]!.msAfterEnd).toBeGreaterThanOrEqual(0)

    // Never cleared, so it is still there when the file ends, owned by the test that started it.
    expect(report.files.find(file => file.file === 'tests/interval.test.ts')?.teardown).toEqual([
      expect.objectContaining({ owner: expect.objectContaining({ name: 'starts polling and forgets it' }), ownerScope: 'test', operation: expect.objectContaining({ kind: 'interval', site: expect.objectContaining(site) }) }),
    ])
  })

  test('a server listening in the test and never closed', () => {
    const site = { file: 'tests/server.test.ts', line: listenLine }
    expect(leftRunning('listens and never closes')).toEqual([
      expect.objectContaining({ kind: 'server', type: 'TCPSERVERWRAP', site: expect.objectContaining(site), keepsProcessAlive: true, hint: hints.server }),
    ])
    expect(testNamed('listens and never closes').diagnosis).toEqual([
      { kind: 'left-running', attempt: 1, site: expect.objectContaining(site), hint: hints.server, message: `Left running after it ended: a server (tests/server.test.ts:${listenLine}) that was still listening.` },
    ])
    expect(report.files.find(file => file.file === 'tests/server.test.ts')?.teardown).toEqual([
      expect.objectContaining({ owner: expect.objectContaining({ name: 'listens and never closes' }), operation: expect.objectContaining({ kind: 'server' }) }),
      expect.objectContaining({ owner: expect.objectContaining({ name: 'listens on an IP address and never closes' }), operation: expect.objectContaining({ kind: 'server' }) }),
      expect.objectContaining({ owner: expect.objectContaining({ name: 'listens on localhost and never closes' }), operation: expect.objectContaining({ kind: 'server' }) }),
    ])
  })

  test.each([
    ['listens on an IP address and never closes', listenOnIpLine],
    ['listens on localhost and never closes', listenOnHostLine],
  ])('a server listening on a host (%s): its handle is made in a DNS lookup callback, and the site is the listen() call', (name, line) => {
    const site = { file: 'tests/server.test.ts', line }
    expect(leftRunning(name)).toEqual([
      expect.objectContaining({ kind: 'server', type: 'TCPSERVERWRAP', site: expect.objectContaining(site), keepsProcessAlive: true, hint: hints.server }),
    ])
    expect(testNamed(name).diagnosis).toEqual([
      { kind: 'left-running', attempt: 1, site: expect.objectContaining(site), hint: hints.server, message: `Left running after it ended: a server (tests/server.test.ts:${line}) that was still listening.` },
    ])
  })

  test('a child process the test does not wait for', () => {
    const site = { file: 'tests/child-process.test.ts', line: spawnLine }
    expect(leftRunning('spawns a process and does not wait for it')).toEqual([
      expect.objectContaining({ kind: 'child-process', type: 'PROCESSWRAP', site: expect.objectContaining(site), keepsProcessAlive: true, hint: hints.child }),
    ])
    expect(testNamed('spawns a process and does not wait for it').diagnosis).toEqual([
      { kind: 'left-running', attempt: 1, site: expect.objectContaining(site), hint: hints.child, message: `Left running after it ended: a child process (tests/child-process.test.ts:${spawnLine}) that had not exited.` },
    ])
  })

  test('a rejection that lands in the next test is the first test\'s; the next test only received it', () => {
    const site = { file: 'tests/late-rejection.test.ts', line: lateTimerLine }
    expect(report.unhandledErrors).toEqual([expect.objectContaining({
      type: 'Unhandled Rejection',
      message: 'late',
      vitestBlamed: 'waits long enough to receive the rejection',
      attribution: expect.objectContaining({
        status: 'test',
        test: expect.objectContaining({ name: 'rejects after it ended' }),
        phase: 'after-test',
        surfacedDuring: [expect.objectContaining({ name: 'waits long enough to receive the rejection' })],
        vitestAgrees: false,
      }),
    })])
    expect(leftRunning('rejects after it ended')).toEqual([
      expect.objectContaining({ kind: 'timeout', site: expect.objectContaining(site), keepsProcessAlive: true }),
    ])
    expect(testNamed('rejects after it ended').diagnosis).toEqual([
      { kind: 'unhandled-error', unhandledError: 0, message: expect.stringMatching(/^Caused Unhandled Rejection "Error: late": surfaced \d+ ms after this test ended; Vitest blamed "waits long enough to receive the rejection"\.$/) },
      { kind: 'left-running', lateActivity: expect.any(Number), attempt: 1, site: expect.objectContaining(site), hint: hints.timer, message: expect.stringMatching(`^Left running after it ended: a timer \\(tests/late-rejection\\.test\\.ts:${lateTimerLine}\\) that had not fired, and fired \\d+ ms later, during "waits long enough to receive the rejection"\\.$`) },
    ])
    expect(testNamed('waits long enough to receive the rejection').diagnosis).toEqual([
      { kind: 'blamed-by-vitest', unhandledError: 0, message: 'Vitest named this test as the latest that might have caused Unhandled Rejection "Error: late", but it was created by "rejects after it ended" (tests/late-rejection.test.ts).' },
      { kind: 'received-late-activity', lateActivity: expect.any(Number), attempt: 1, site: expect.objectContaining(site), message: 'Work of "rejects after it ended" (tests/late-rejection.test.ts) ran during this test, after that test ended: see that test.' },
    ])
    // The timer has fired by the end of the file: nothing is left open.
    expect(report.files.find(file => file.file === 'tests/late-rejection.test.ts')?.teardown).toEqual([])
  })

  test('the terminal block names the same tests and lines', () => {
    expect(run.stdout).toContain(' ASYNC DEBUG  1 unhandled error: 1 caused by a test; Vitest blamed the wrong test for 1 · 6 tests left work running · 2 tests had work run after they ended')
    expect(asyncDebugSection(run.stdout, 'tests/interval.test.ts > starts polling and forgets it')).toEqual([
      ' ! tests/interval.test.ts > starts polling and forgets it',
      expect.stringMatching(`^   - Left running after it ended: an interval \\(helpers/poll\\.ts:${intervalLine}\\) that was never cleared, and fired (<n> times, first )?<n> ms later, during "waits while the poller still runs"\\.$`),
      `     ${hints.interval}`,
    ])
    expect(asyncDebugSection(run.stdout, 'tests/interval.test.ts > waits while the poller still runs')).toEqual([
      ' ! tests/interval.test.ts > waits while the poller still runs',
      '   - Work of "starts polling and forgets it" (tests/interval.test.ts) ran during this test, after that test ended: see that test.',
    ])
    expect(asyncDebugSection(run.stdout, 'tests/server.test.ts > listens and never closes')).toEqual([
      ' ! tests/server.test.ts > listens and never closes',
      `   - Left running after it ended: a server (tests/server.test.ts:${listenLine}) that was still listening.`,
      `     ${hints.server}`,
    ])
    expect(asyncDebugSection(run.stdout, 'tests/child-process.test.ts > spawns a process and does not wait for it')).toEqual([
      ' ! tests/child-process.test.ts > spawns a process and does not wait for it',
      `   - Left running after it ended: a child process (tests/child-process.test.ts:${spawnLine}) that had not exited.`,
      `     ${hints.child}`,
    ])
    expect(asyncDebugSection(run.stdout, 'tests/late-rejection.test.ts > rejects after it ended')).toEqual([
      ' ✗ tests/late-rejection.test.ts > rejects after it ended',
      '   Unhandled Rejection Error: late',
      '   caused by this test; surfaced <n> ms after it ended, during "waits long enough to receive the rejection"',
      '   Vitest blamed "waits long enough to receive the rejection"',
      `   - Left running after it ended: a timer (tests/late-rejection.test.ts:${lateTimerLine}) that had not fired, and fired <n> ms later, during "waits long enough to receive the rejection".`,
      `     ${hints.timer}`,
    ])
    expect(asyncDebugSection(run.stdout, 'tests/late-rejection.test.ts > waits long enough to receive the rejection')).toEqual([
      ' ! tests/late-rejection.test.ts > waits long enough to receive the rejection',
      '   - Work of "rejects after it ended" (tests/late-rejection.test.ts) ran during this test, after that test ended: see that test.',
    ])
  })
})
