import type { ModuleInput, VitestErrorInput } from '../../src/report/inputs.js'
import type { ReportInput } from '../../src/report/model.js'
import type { MergeInput } from '../../src/report/merge/merge-reports.js'
import type { LateActivityRecord, OperationRecord } from '../../src/shared/ledger.js'
import type { AsyncDebugReport } from '../../src/shared/report.js'
import type { SessionRecord } from '../../src/shared/session.js'
import { expect, test } from 'vitest'
import { mergeReports } from '../../src/report/merge/merge-reports.js'
import { buildReport } from '../../src/report/model.js'
import { ReportInputError } from '../../src/report/read-report.js'
import { assertValidReport } from '../utils/report-schema.js'

const root = '/project'
const worker = { pid: 10, threadId: null, poolId: 1, pool: 'forks' }
const files = ['tests/a.test.ts', 'tests/b.test.ts', 'tests/c.test.ts', 'tests/d.test.ts']

const ref = (file: string, name: string) => ({ sessionId: `${file}:${name}#1`, testId: `${file}:${name}`, name, fullName: name, file, attempt: 1 })

function timer(id: number, file: string): OperationRecord {
  return { id, kind: 'timeout', type: 'Timeout', site: { file, line: 3, column: 5, function: null }, stack: [], ageMs: 10, keepsProcessAlive: true, callbacks: 0, bytesRead: null, listensTo: null, hint: 'clear it' }
}

function session(file: string, name: string, leftRunning: OperationRecord[] = []): SessionRecord {
  const ledger = leftRunning.length > 0 ? { created: { timeout: leftRunning.length }, leftRunning, leftRunningByKind: { timeout: leftRunning.length } } : { created: {} }
  const { sessionId: id, ...names } = ref(file, name)
  return { ...names, id, retry: 0, repeat: 0, worker, startedAt: 0, endedAt: 1, state: 'passed', ledger }
}

/**
 * A file of three tests: "leaks" leaves a timer that fires during "victim" and rejects (an unhandled
 * error Vitest blames on "victim"); "clean" is clean. Each file's error and late timer is its own.
 */
function moduleOf(file: string): ModuleInput {
  const late: LateActivityRecord = {
    owner: ref(file, 'leaks'),
    operation: { id: 3, kind: 'timeout', type: 'Timeout', site: timer(3, file).site, stack: [] },
    event: 'callback',
    count: 1,
    msAfterEnd: 20,
    during: ref(file, 'victim'),
    duringFile: file,
  }
  const testOf = (name: string, left: OperationRecord[] = []) => ({ id: `${file}:${name}`, name, fullName: name, state: 'passed' as const, durationMs: 3, flaky: false, errors: [], meta: { sessions: [session(file, name, left)] } })
  return {
    file,
    project: '',
    state: 'passed',
    durationMs: 9,
    errors: [],
    meta: {
      worker,
      unhandledErrors: [{
        type: 'Unhandled Rejection',
        error: { name: 'Error', message: `${file} failed late`, stack: `Error: ${file} failed late\n    at ${root}/${file}:4:9` },
        owner: { ...ref(file, 'leaks'), ended: true, msAfterEnd: 20 },
        suiteFile: null,
        operation: null,
        surfacedDuring: [ref(file, 'victim')],
        surfacedWhileCollecting: false,
      }],
      lateActivity: [late],
      teardown: [],
    },
    tests: [testOf('leaks', [timer(3, file)]), testOf('victim'), testOf('clean')],
  }
}

function vitestError(file: string): VitestErrorInput {
  return { type: 'Unhandled Rejection', name: 'Error', message: `${file} failed late`, stack: `Error: ${file} failed late\n    at ${root}/${file}:4:9`, VITEST_TEST_NAME: 'victim', VITEST_TEST_PATH: `${root}/${file}` }
}

const baseRun = { startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:01.000Z', durationMs: 1000, interrupted: false, complete: true, endedEarly: null, exitCode: 1, merged: false, shard: null }

function reportOf(runFiles: string[], run: Partial<ReportInput['run']> = {}, suite = 'shop'): AsyncDebugReport {
  const report = buildReport({
    root,
    generator: { name: 'vitest-async-debug', version: '0.1.0' },
    run: { ...baseRun, ...run },
    environment: { suite, node: 'v20', vitest: '4.1.12', plugin: '0.1.0', os: { platform: 'linux', release: '6', arch: 'x64' }, projects: [{ name: '', pool: 'forks', isolate: true, maxWorkers: 1 }], maxWorkers: 1, options: {}, checks: [] },
    // Vitest hands the reporter files in the order they finished, not sorted.
    modules: [...runFiles].reverse().map(moduleOf),
    unhandledErrors: runFiles.map(vitestError),
    failOnLateActivity: false,
  })
  assertValidReport(report)
  return report
}

function shard(index: number, count: number, runFiles: string[], run: Partial<ReportInput['run']> = {}): MergeInput {
  return { path: `reports/shard-${index}.json`, report: reportOf(runFiles, { shard: { index, count }, ...run }) }
}

function refusal(inputs: MergeInput[]): { code: string, message: string } {
  try {
    mergeReports(inputs)
  }
  catch (error) {
    expect(error).toBeInstanceOf(ReportInputError)
    return { code: (error as ReportInputError).code, message: (error as Error).message }
  }
  throw new Error('mergeReports did not refuse')
}

test('the merged shards say what one run of the whole suite says: tests, errors, late work, diagnoses and counts', () => {
  const whole = reportOf(files)
  const merged = mergeReports([shard(1, 2, [files[1]!, files[3]!]), shard(2, 2, [files[0]!, files[2]!])])
  assertValidReport(merged)
  expect(merged.tests).toEqual(whole.tests)
  expect(merged.files).toEqual(whole.files)
  expect(merged.unhandledErrors).toEqual(whole.unhandledErrors)
  expect(merged.lateActivity).toEqual(whole.lateActivity)
  expect(merged.summary).toEqual(whole.summary)
  expect(merged.summary).toMatchObject({ files: 4, tests: 12, unhandledErrors: 4, unhandledErrorsAttributedToTests: 4, unhandledErrorsMisattributedByVitest: 4, testsWithLateActivity: 4 })
  // Every index points at the entry of the same file, after the shards' lists were put together.
  for (const test of merged.tests) {
    for (const entry of test.diagnosis) {
      if (entry.unhandledError !== undefined) {
        expect(merged.unhandledErrors[entry.unhandledError]!.surfacedIn).toBe(test.file)
      }
      if (entry.lateActivity !== undefined) {
        expect(merged.lateActivity[entry.lateActivity]!.owner.file).toBe(test.file)
      }
    }
  }
  expect(merged.tests.find(test => test.id === 'tests/c.test.ts:victim')!.diagnosis.map(({ kind, unhandledError, lateActivity }) => ({ kind, unhandledError, lateActivity }))).toEqual([
    { kind: 'blamed-by-vitest', unhandledError: 2, lateActivity: undefined },
    { kind: 'received-late-activity', unhandledError: undefined, lateActivity: 2 },
  ])
})

test('the run spans the shards, and each shard is listed in shard order with its own run, environment and counts', () => {
  const first = shard(1, 2, [files[0]!], { startedAt: '2026-01-01T00:00:05.000Z', finishedAt: '2026-01-01T00:00:09.000Z' })
  const second = shard(2, 2, [files[1]!], { startedAt: '2026-01-01T00:00:02.000Z', finishedAt: '2026-01-01T00:00:07.500Z' })
  second.path = 'other/place/second.json'
  const merged = mergeReports([second, first])
  expect(merged.run).toEqual({
    startedAt: '2026-01-01T00:00:02.000Z',
    finishedAt: '2026-01-01T00:00:09.000Z',
    durationMs: 7000,
    status: 'failed',
    complete: true,
    endedEarly: null,
    exitCode: null,
    merged: true,
    shard: null,
  })
  expect(merged.shards.map(entry => [entry.source, entry.shard, entry.run.startedAt, entry.summary.tests])).toEqual([
    ['shard-1.json', { index: 1, count: 2 }, '2026-01-01T00:00:05.000Z', 3],
    ['second.json', { index: 2, count: 2 }, '2026-01-01T00:00:02.000Z', 3],
  ])
  expect(merged.environment).toEqual(first.report.environment)
  expect(merged.shards[1]!.environment).toEqual(second.report.environment)
})

test('the order the reports are given in does not change the merged report, and the inputs are left as they were', () => {
  const inputs = [shard(1, 3, [files[0]!]), shard(2, 3, [files[1]!, files[2]!]), shard(3, 3, [files[3]!])]
  const before = JSON.stringify(inputs)
  const forward = mergeReports(inputs)
  expect(mergeReports([inputs[2]!, inputs[0]!, inputs[1]!])).toEqual(forward)
  expect(JSON.stringify(inputs)).toBe(before)
})

test('a missing shard, or a shard that ended early, makes the merged run incomplete; the first early end is kept', () => {
  expect(mergeReports([shard(1, 3, [files[0]!]), shard(3, 3, [files[1]!])]).run).toMatchObject({ complete: false, endedEarly: null })
  const bailed = shard(2, 2, [files[1]!], { complete: false, endedEarly: { reason: 'bail', detail: 'bail reached' } })
  const merged = mergeReports([shard(1, 2, [files[0]!]), bailed])
  expect(merged.run).toMatchObject({ complete: false, endedEarly: { reason: 'bail', detail: 'bail reached' }, status: 'failed' })
  const interrupted = shard(2, 2, [files[1]!], { interrupted: true })
  expect(mergeReports([shard(1, 2, [files[0]!]), interrupted]).run.status).toBe('interrupted')
})

test('one report alone is merged into itself with its shard listed', () => {
  const only = shard(1, 1, files)
  const merged = mergeReports([only])
  expect(merged.tests).toEqual(only.report.tests)
  expect(merged.run).toMatchObject({ complete: true, merged: true, shard: null })
  expect(merged.shards.map(entry => entry.shard)).toEqual([{ index: 1, count: 1 }])
})

test('reports that are not the shards of one run are refused, naming the files and the fix', () => {
  const one = shard(1, 2, [files[0]!])
  const two = shard(2, 2, [files[1]!])
  expect(refusal([])).toEqual({ code: 'ASYNC_DEBUG_MERGE_NO_INPUT', message: 'no reports to merge: pass the JSON report of each --shard run.' })

  const otherSuite = { path: 'web.json', report: reportOf([files[1]!], { shard: { index: 2, count: 2 } }, 'web') }
  expect(refusal([one, otherSuite])).toEqual({
    code: 'ASYNC_DEBUG_MERGE_OTHER_SUITE',
    message: 'reports/shard-1.json is a report of suite "shop" and web.json of suite "web": merge the reports of distinct --shard runs of one suite.',
  })

  const otherProjects = { ...two, report: { ...two.report, environment: { ...two.report.environment, projects: [{ name: 'api', pool: 'forks', isolate: true, maxWorkers: 1 }, { name: 'web', pool: 'threads', isolate: true, maxWorkers: 1 }] } } }
  expect(refusal([one, otherProjects])).toEqual({
    code: 'ASYNC_DEBUG_MERGE_OTHER_PROJECTS',
    message: 'reports/shard-1.json has the projects "" and reports/shard-2.json has "api", "web": shards of one run have the same projects; merge the reports of distinct --shard runs of one suite with one configuration.',
  })

  expect(refusal([one, shard(2, 3, [files[1]!])])).toEqual({
    code: 'ASYNC_DEBUG_MERGE_SHARD_COUNTS',
    message: 'reports/shard-1.json is shard 1/2 and reports/shard-2.json is shard 2/3: merge the shards of one split, all run with the same --shard=<index>/<count> count.',
  })
  expect(refusal([one, { path: 'all.json', report: reportOf([files[1]!]) }]).message).toBe(
    'all.json is a run without --shard and reports/shard-1.json is shard 1/2: merge the shards of one split, all run with the same --shard=<index>/<count> count.',
  )

  expect(refusal([one, { path: 'again.json', report: one.report }])).toEqual({
    code: 'ASYNC_DEBUG_MERGE_SAME_SHARD',
    message: 'again.json and reports/shard-1.json are both shard 1/2: pass the report of each shard once.',
  })

  expect(refusal([one, shard(2, 2, [files[0]!])])).toEqual({
    code: 'ASYNC_DEBUG_MERGE_NOT_SHARDS',
    message: 'reports/shard-1.json and reports/shard-2.json both have the test "leaks" (tests/a.test.ts): these are not shards of one run; merge the reports of distinct --shard runs of one suite.',
  })

  const olderSchema = { ...two, report: { ...two.report, schemaVersion: 6, generator: { name: 'vitest-async-debug', version: '0.0.9' } } as unknown as AsyncDebugReport }
  expect(refusal([one, olderSchema])).toEqual({
    code: 'ASYNC_DEBUG_MERGE_SCHEMA_VERSIONS',
    message: 'reports/shard-2.json is schema version 6 (vitest-async-debug 0.0.9) and reports/shard-1.json is schema version 7: run every shard with one vitest-async-debug version and merge with that version.',
  })

  const merged = { path: 'merged.json', report: mergeReports([one, two]) }
  expect(refusal([merged, shard(1, 2, [files[2]!])])).toEqual({
    code: 'ASYNC_DEBUG_MERGE_ALREADY_MERGED',
    message: 'merged.json is already a merged report (of shard-1.json, shard-2.json): merge the shard reports it was made from instead.',
  })
})

test('a test file without tests in two reports is refused too', () => {
  const empty = (index: number): MergeInput => {
    const report = shard(index, 2, []).report
    return { path: `empty-${index}.json`, report: { ...report, files: [{ file: 'tests/empty.test.ts', project: '', state: 'failed', durationMs: 1, worker: null, errors: [], teardown: [] }] } }
  }
  expect(refusal([empty(1), empty(2)]).message).toBe(
    'empty-1.json and empty-2.json both have the test file tests/empty.test.ts: these are not shards of one run; merge the reports of distinct --shard runs of one suite.',
  )
})
