import type { LateActivityRecord, OperationRecord, TimeoutForensics } from '../../src/shared/ledger.js'
import type { TestEntry } from '../../src/shared/report.js'
import type { SessionRecord } from '../../src/shared/session.js'
import { expect, test } from 'vitest'
import { applyRerun } from '../../src/report/apply-rerun.js'
import { addLedgerDiagnoses } from '../../src/report/ledger-diagnosis.js'

const worker = { pid: 10, threadId: null, poolId: 1, pool: 'forks' }
const ref = (name: string) => ({ sessionId: `${name}#1`, testId: name, name, fullName: name, file: 'tests/a.test.ts', attempt: 1 })

function socket(id: number): OperationRecord {
  return { id, kind: 'socket', type: 'TCPWRAP', site: { file: 'helpers/client.ts', line: 5, column: 18, function: 'readGreeting' }, stack: [], ageMs: 300, keepsProcessAlive: true, callbacks: 0, bytesRead: 0, listensTo: null, hint: 'close it' }
}

function session(name: string, extra: Partial<SessionRecord> = {}): SessionRecord {
  return {
    ...ref(name),
    id: `${name}#1`,
    retry: 0,
    repeat: 0,
    worker,
    startedAt: 0,
    endedAt: 1,
    state: 'failed',
    events: [],
    droppedEvents: 0,
    metadata: {},
    ...extra,
  }
}

function entry(name: string, sessions: SessionRecord[]): TestEntry {
  return { id: name, file: 'tests/a.test.ts', project: '', name, fullName: name, state: 'failed', durationMs: 1, flaky: false, attempts: sessions.length, errors: [], sessions, diagnosis: [] }
}

const handlesOnly: TimeoutForensics = {
  awaiting: null,
  waitingOn: socket(7),
  pending: [socket(7)],
  capture: 'handles-only',
  summary: 'timed out while a socket (helpers/client.ts:5) that never received data was pending',
  rerun: null,
}

test('a re-run that passed keeps the first run\'s handles and says the timeout is intermittent', () => {
  const sessions = applyRerun([session('reads', { timeout: handlesOnly })], {
    rerun: { outcome: 'passed', durationMs: 900, detail: 'the re-run passed instead of timing out: the timeout does not happen every time' },
    timeout: null,
  })
  const tests = [entry('reads', sessions)]
  addLedgerDiagnoses(tests, [], [])
  expect(tests[0]!.diagnosis.map(({ kind, message }) => ({ kind, message }))).toEqual([{
    kind: 'timed-out',
    message: 'Timed out while a socket (helpers/client.ts:5) that never received data was pending. Running it again alone with full stack capture: the re-run passed instead of timing out: the timeout does not happen every time.',
  }])
  expect(sessions[0]!.timeout).toMatchObject({ capture: 'handles-only', rerun: { outcome: 'passed' } })
})

test('a leftover the timeout names is not repeated as left running, also when the re-run\'s ids differ', () => {
  const rerunTimeout: TimeoutForensics = { ...handlesOnly, waitingOn: socket(99), pending: [socket(99)], capture: 'full' }
  const sessions = applyRerun([session('reads', { timeout: handlesOnly, ledger: { created: { socket: 1 }, leftRunning: [socket(7)], leftRunningByKind: { socket: 1 } } })], {
    rerun: { outcome: 'timed-out-again', durationMs: 900, detail: 'timed out again' },
    timeout: rerunTimeout,
  })
  const tests = [entry('reads', sessions)]
  addLedgerDiagnoses(tests, [], [])
  expect(tests[0]!.diagnosis.map(item => item.kind)).toEqual(['timed-out'])
  expect(sessions[0]!.timeout?.capture).toBe('rerun')
})

test('promise reactions that follow a late timer of the same test are not listed as separate late work', () => {
  const timer: LateActivityRecord = {
    owner: ref('leaks'),
    operation: { id: 3, kind: 'timeout', type: 'Timeout', site: { file: 'tests/a.test.ts', line: 4, column: 3, function: null }, stack: [] },
    event: 'callback',
    count: 1,
    msAfterEnd: 30,
    during: ref('victim'),
    duringFile: 'tests/a.test.ts',
  }
  const reactions: LateActivityRecord = { ...timer, operation: { id: -1, kind: 'promise', type: 'PROMISE', site: null, stack: [] }, event: 'promise-settled', count: 4 }
  const crossTest: LateActivityRecord = { ...reactions, owner: ref('waits'), count: 1 }
  const tests = [entry('leaks', [session('leaks')]), entry('victim', [session('victim')]), entry('waits', [session('waits')])]
  const late = addLedgerDiagnoses(tests, [reactions, timer, crossTest], [])
  expect(late).toEqual([timer, crossTest])
  expect(tests.map(test => [test.name, test.diagnosis.map(item => item.message)])).toEqual([
    ['leaks', ['A timer (tests/a.test.ts:4) it created fired 30 ms after it ended, during "victim".']],
    ['victim', [
      'Work of "leaks" (tests/a.test.ts) ran during this test, after that test ended: see that test.',
      'Work of "waits" (tests/a.test.ts) ran during this test, after that test ended: see that test.',
    ]],
    ['waits', ['Code it was awaiting resumed after it ended: 1 promise reaction, first 30 ms after, during "victim".']],
  ])
})

test('work left running that then ran in a later test is one finding: said on its line, pointed to from the later test', () => {
  const leftTimer = { ...timer(3), site: { file: 'tests/a.test.ts', line: 4, column: 3, function: null } }
  const fired: LateActivityRecord = {
    owner: ref('leaks'),
    operation: { id: 3, kind: 'timeout', type: 'Timeout', site: leftTimer.site, stack: [] },
    event: 'callback',
    count: 1,
    msAfterEnd: 30,
    during: ref('victim'),
    duringFile: 'tests/a.test.ts',
  }
  const ledger = { created: { timeout: 1 }, leftRunning: [leftTimer], leftRunningByKind: { timeout: 1 } }
  const tests = [entry('leaks', [session('leaks', { ledger })]), entry('victim', [session('victim')])]
  const late = addLedgerDiagnoses(tests, [fired], [])
  expect(late).toEqual([fired])
  expect(tests.map(test => [test.name, test.diagnosis.map(({ kind, message, lateActivity }) => ({ kind, message, lateActivity }))])).toEqual([
    ['leaks', [{ kind: 'left-running', lateActivity: 0, message: 'Left running after it ended: a timer (tests/a.test.ts:4) that had not fired, and fired 30 ms later, during "victim".' }]],
    ['victim', [{ kind: 'received-late-activity', lateActivity: 0, message: 'Work of "leaks" (tests/a.test.ts) ran during this test, after that test ended: see that test.' }]],
  ])
})

function timer(id: number): OperationRecord {
  return { id, kind: 'timeout', type: 'Timeout', site: { file: 'tests/a.test.ts', line: 3, column: 5, function: null }, stack: [], ageMs: 10, keepsProcessAlive: true, callbacks: 0, bytesRead: null, listensTo: null, hint: 'clear it' }
}

test('the count of what was left running counts every leftover by kind, not the listed ones', () => {
  const ledger = { created: { timeout: 3000, socket: 1 }, leftRunning: [socket(1), ...Array.from({ length: 19 }, (_, index) => timer(index + 2))], notListed: 2981, leftRunningByKind: { timeout: 3000, socket: 1 } }
  const tests = [entry('leaks', [session('leaks', { ledger })])]
  addLedgerDiagnoses(tests, [], [])
  expect(tests[0]!.diagnosis.map(item => item.message)).toEqual([
    'Left 3,000 timers and 1 socket running after it ended: a socket (helpers/client.ts:5) that never received data; 19 timers (tests/a.test.ts:3) that had not fired; and 2,981 more.',
  ])
})

test('past the ledger\'s cap the count says "at least" and how many resources were not followed', () => {
  const ledger = { created: { timeout: 10_000 }, dropped: 8000, leftRunning: Array.from({ length: 20 }, (_, index) => timer(index)), notListed: 1980, leftRunningByKind: { timeout: 2000 } }
  const tests = [entry('leaks', [session('leaks', { ledger })])]
  addLedgerDiagnoses(tests, [], [])
  expect(tests[0]!.diagnosis.map(item => item.message)).toEqual([
    'Left at least 2,000 timers running after it ended: 20 timers (tests/a.test.ts:3) that had not fired; and 1,980 more. It created 8,000 more resources than the ledger follows per test (maxOperationsPerSession); any of those may still be running too.',
  ])
})
