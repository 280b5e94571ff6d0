import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { buildReport } from '../../src/report/model.js'
import { readReportFile, ReportInputError } from '../../src/report/read-report.js'
import { reportJson } from '../../src/report/report-json.js'
import { readPluginVersion } from '../../src/plugin/paths.js'

const folder = mkdtempSync(join(tmpdir(), 'read-report-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

const report = buildReport({
  root: '/project',
  generator: { name: 'vitest-async-debug', version: '0.1.0' },
  run: { startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:01.000Z', durationMs: 1000, interrupted: false, complete: true, endedEarly: null, exitCode: null, merged: false, shard: null },
  environment: { suite: 'shop', node: 'v20', vitest: '4.1.12', plugin: '0.1.0', os: { platform: 'linux', release: '6', arch: 'x64' }, projects: [], maxWorkers: 1, options: {}, checks: [] },
  modules: [{ file: 'tests/a.test.ts', project: '', state: 'passed', durationMs: 2, errors: [], meta: undefined, tests: [{ id: 'a', name: 'a', fullName: 'a', state: 'passed', durationMs: 1, flaky: false, errors: [], meta: undefined }] }],
  unhandledErrors: [],
  failOnLateActivity: false,
})

function fileWith(name: string, text: string): string {
  const path = join(folder, name)
  writeFileSync(path, text)
  return path
}

function problem(path: string): { code: string, message: string } {
  try {
    readReportFile(path)
  }
  catch (error) {
    expect(error).toBeInstanceOf(ReportInputError)
    return { code: (error as ReportInputError).code, message: (error as Error).message.replaceAll(folder, '<tmp>') }
  }
  throw new Error(`${path} was read without complaint`)
}

test('a report as the reporter writes it is read back as it was', () => {
  expect(readReportFile(fileWith('report.json', reportJson(report)))).toEqual(report)
})

test('a missing file, a folder, and a file that is not JSON each get one line with the fix', () => {
  expect(problem(join(folder, 'nowhere.json'))).toEqual({
    code: 'ASYNC_DEBUG_REPORT_NOT_FOUND',
    message: '<tmp>/nowhere.json does not exist: pass the path of a JSON report that vitest-async-debug wrote (by default .vitest-async-debug/report.json in the project root).',
  })
  mkdirSync(join(folder, 'reports'))
  expect(problem(join(folder, 'reports'))).toEqual({
    code: 'ASYNC_DEBUG_REPORT_IS_FOLDER',
    message: '<tmp>/reports is a folder, not a report: pass the report file itself, e.g. <tmp>/reports/report.json.',
  })
  expect(problem(fileWith('half.json', reportJson(report).slice(0, 200)))).toEqual({
    code: 'ASYNC_DEBUG_REPORT_NOT_JSON',
    message: expect.stringMatching(/^<tmp>\/half\.json is not JSON \([^\n]+\): pass the JSON report that vitest-async-debug wrote, or run the tests again to write it anew\.$/),
  })
  expect(problem(fileWith('empty.json', '\n')).message).toBe('<tmp>/empty.json is not JSON (it is empty): pass the JSON report that vitest-async-debug wrote, or run the tests again to write it anew.')
})

test('JSON that is not a vitest-async-debug report is refused as such', () => {
  expect(problem(fileWith('package.json', JSON.stringify({ name: 'shop', version: '1.0.0' })))).toEqual({
    code: 'ASYNC_DEBUG_NOT_A_REPORT',
    message: '<tmp>/package.json is JSON but not a vitest-async-debug report (it has no schemaVersion and generator.name): pass the JSON report that vitest-async-debug wrote (by default .vitest-async-debug/report.json).',
  })
  expect(problem(fileWith('other-tool.json', JSON.stringify({ schemaVersion: 7, generator: { name: 'vitest-sonar-reporter', version: '2.0.0' } }))).message).toBe(
    '<tmp>/other-tool.json is a report of vitest-sonar-reporter, not of vitest-async-debug: pass the JSON report that vitest-async-debug wrote (by default .vitest-async-debug/report.json).',
  )
})

test('a report of another schema version says which it is, which this version reads, and who can read it', () => {
  const older = { ...report, schemaVersion: 6, generator: { name: 'vitest-async-debug', version: '0.0.9' } }
  expect(problem(fileWith('old.json', JSON.stringify(older)))).toEqual({
    code: 'ASYNC_DEBUG_REPORT_SCHEMA_VERSION',
    message: `<tmp>/old.json is a report of schema version 6, written by vitest-async-debug 0.0.9; this vitest-async-debug (${readPluginVersion()}) reads schema version 7: read it with vitest-async-debug 0.0.9, the version that wrote it, or run the tests again to write it anew with this version.`,
  })
})

test('a report with top-level fields missing or of the wrong kind lists them', () => {
  const { shards: _shards, ...withoutShards } = report
  expect(problem(fileWith('cut.json', JSON.stringify({ ...withoutShards, tests: {} })))).toEqual({
    code: 'ASYNC_DEBUG_REPORT_INCOMPLETE',
    message: '<tmp>/cut.json is not a whole vitest-async-debug report: tests (a list), shards (a list) are missing or not what the format says; run the tests again to write it anew.',
  })
})
