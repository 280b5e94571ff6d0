import type { ModuleInput, VitestErrorInput } from '../../src/report/inputs.js'
import type { ReportInput } from '../../src/report/model.js'
import type { UnhandledErrorRecord } from '../../src/shared/session.js'
import { expect, test } from 'vitest'
import { buildReport } from '../../src/report/model.js'
import { assertValidReport } from '../utils/report-schema.js'

const root = '/project'
const worker = { pid: 10, threadId: null, poolId: 1, pool: 'forks' }
const ref = (name: string) => ({ sessionId: `${name}#1`, testId: name, name, fullName: `suite > ${name}`, file: 'tests/a.test.ts', attempt: 1 })
const stackOf = (message: string) => `Error: ${message}\n    at /project/src/thing.ts:3:9\n    at file:///project/tests/a.test.ts:5:1`

function record(message: string, owner: string | null, overrides: Partial<UnhandledErrorRecord> = {}): UnhandledErrorRecord {
  return {
    type: 'Unhandled Rejection',
    error: { name: 'Error', message, stack: stackOf(message) },
    owner: owner ? { ...ref(owner), ended: true, msAfterEnd: 12 } : null,
    suiteFile: null,
    operation: null,
    surfacedDuring: [ref('second')],
    surfacedWhileCollecting: false,
    ...overrides,
  }
}

function vitestError(message: string, blamed: string, overrides: Partial<VitestErrorInput> = {}): VitestErrorInput {
  return { type: 'Unhandled Rejection', name: 'Error', message, stack: stackOf(message), VITEST_TEST_NAME: blamed, VITEST_TEST_PATH: '/project/tests/a.test.ts', ...overrides }
}

function moduleWith(records: UnhandledErrorRecord[]): ModuleInput {
  const test = (name: string) => ({ id: name, name, fullName: `suite > ${name}`, state: 'passed' as const, durationMs: 3, flaky: false, errors: [], meta: { sessions: [] } })
  return { file: 'tests/a.test.ts', project: '', state: 'passed', durationMs: 9, errors: [], meta: { worker, unhandledErrors: records, lateActivity: [], teardown: [] }, tests: [test('first'), test('second')] }
}

function input(modules: ModuleInput[], errors: VitestErrorInput[]): ReportInput {
  return {
    root,
    generator: { name: 'vitest-async-debug', version: '0.0.0' },
    run: { startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:01.000Z', durationMs: 1000, interrupted: false, complete: true, endedEarly: null, exitCode: null, merged: false, shard: null },
    environment: { suite: 'project', node: 'v20', vitest: '4.1.12', plugin: '0.0.0', os: { platform: 'linux', release: '6', arch: 'x64' }, projects: [], maxWorkers: 1, options: {}, checks: [] },
    modules,
    unhandledErrors: errors,
    failOnLateActivity: false,
  }
}

test('an error is matched to the worker record with the same stack, and the blamed test gets a note', () => {
  const report = buildReport(input([moduleWith([record('late', 'first')])], [vitestError('late', 'second')]))
  assertValidReport(report)
  expect(report.unhandledErrors).toEqual([{
    type: 'Unhandled Rejection',
    name: 'Error',
    message: 'late',
    stack: 'Error: late\n    at src/thing.ts:3:9\n    at tests/a.test.ts:5:1',
    surfacedIn: 'tests/a.test.ts',
    vitestBlamed: 'second',
    attribution: {
      status: 'test',
      test: ref('first'),
      phase: 'after-test',
      msAfterTestEnded: 12,
      surfacedDuring: [ref('second')],
      operation: null,
      vitestAgrees: false,
      explanation: 'Created by "suite > first" (tests/a.test.ts) and surfaced 12 ms after that test ended, while "suite > second" (tests/a.test.ts) was running.',
    },
  }])
  expect(report.tests.map(test => test.diagnosis)).toEqual([
    [{ kind: 'unhandled-error', unhandledError: 0, message: 'Caused Unhandled Rejection "Error: late": surfaced 12 ms after this test ended; Vitest blamed "second".' }],
    [{ kind: 'blamed-by-vitest', unhandledError: 0, message: 'Vitest named this test as the latest that might have caused Unhandled Rejection "Error: late", but it was created by "suite > first" (tests/a.test.ts).' }],
  ])
  expect(report.summary).toMatchObject({ unhandledErrors: 1, unhandledErrorsAttributedToTests: 1, unhandledErrorsMisattributedByVitest: 1, testsWithDiagnosis: 2 })
  expect(report.run.status).toBe('failed')
})

test('two errors with one message are told apart by their stacks', () => {
  const fromFirst = record('same', 'first')
  const fromSecond = record('same', 'second', { error: { name: 'Error', message: 'same', stack: 'Error: same\n    at other.ts:1:1' } })
  const report = buildReport(input([moduleWith([fromFirst, fromSecond])], [
    vitestError('same', 'second', { stack: 'Error: same\n    at other.ts:1:1' }),
    vitestError('same', 'second'),
  ]))
  expect(report.unhandledErrors.map(entry => entry.attribution.status === 'test' && entry.attribution.test.name)).toEqual(['first', 'second'])
})

test('without a stack match the message decides; without any record the error is "not observed"', () => {
  const report = buildReport(input([moduleWith([record('changed stack', 'first')])], [
    vitestError('changed stack', 'second', { stack: 'rewritten' }),
    vitestError('from nowhere', 'second'),
  ]))
  expect(report.unhandledErrors.map(entry => [entry.message, entry.attribution.status === 'test' ? entry.attribution.test.name : entry.attribution.reason])).toEqual([
    ['changed stack', 'first'],
    ['from nowhere', 'not-observed'],
  ])
})

test('the same inputs in another order give the same report', () => {
  const records = [record('one', 'first'), record('two', 'second'), record('hook', null, { suiteFile: 'tests/a.test.ts' })]
  const errors = [vitestError('one', 'second'), vitestError('two', 'second'), vitestError('hook', 'first')]
  const forward = buildReport(input([moduleWith(records)], errors))
  const backward = buildReport(input([moduleWith([...records].reverse())], [...errors].reverse()))
  expect(backward).toEqual(forward)
  expect(forward.unhandledErrors.map(entry => entry.message)).toEqual(['one', 'two', 'hook'])
  assertValidReport(forward)
})

test('a run interrupted by a signal is reported as interrupted, with no unhandled errors needed', () => {
  const report = buildReport({ ...input([moduleWith([])], []), run: { ...input([], []).run, interrupted: true, complete: false, endedEarly: { reason: 'signal', detail: 'SIGINT' }, exitCode: 130 } })
  assertValidReport(report)
  expect(report.run).toMatchObject({ status: 'interrupted', complete: false, exitCode: 130 })
})
