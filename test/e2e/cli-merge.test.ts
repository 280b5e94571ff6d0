import type { AsyncDebugReport } from '../../src/shared/report.js'
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, expect, test } from 'vitest'
import { repoRoot, runVitest, writeProject } from '../utils/run-vitest.js'
import { runCli } from '../utils/run-cli.js'
import { assertValidReport } from '../utils/report-schema.js'
import { cliPath, projectUnderTest } from '../utils/stack.js'

let root: string
let single: AsyncDebugReport

/** Runs the example and keeps its report under `name` in the project folder. */
async function runAndKeep(name: string, args: string[]): Promise<AsyncDebugReport> {
  const run = await runVitest(root, args)
  copyFileSync(run.reportPath, join(root, name))
  return run.report()
}

beforeAll(async () => {
  root = projectUnderTest(join(repoRoot, 'examples/orders'))
  await runAndKeep('shard-1.json', ['--shard=1/2'])
  await runAndKeep('shard-2.json', ['--shard=2/2'])
  single = await runAndKeep('single.json', [])
})

/** What a run found, without the milliseconds that differ from run to run. */
function findings(report: AsyncDebugReport): unknown {
  const timeless = (text: string): string => text.replace(/\d+ ms/g, 'N ms')
  return {
    tests: report.tests.map(test => ({ id: test.id, name: test.fullName, state: test.state, diagnosis: test.diagnosis.map(entry => entry.kind === 'blocked-event-loop' ? [entry.kind, entry.site?.file] : [entry.kind, timeless(entry.message), entry.site]) })),
    unhandledErrors: report.unhandledErrors.map(error => [error.message, error.vitestBlamed, error.attribution.status === 'test' ? error.attribution.test.fullName : error.attribution.reason]),
    lateActivity: report.lateActivity.length,
    summary: report.summary,
  }
}

test('two shards merged give the same tests, diagnoses and culprits as one run, in a report the schema accepts', async () => {
  const result = await runCli(['merge', 'shard-2.json', 'shard-1.json', '-o', 'out/merged.json', '--html'], { cwd: root })
  expect(result.stderr).toBe('')
  expect(result.exitCode).toBe(0)
  expect(result.stdout).toBe([
    'vitest-async-debug merged 2 reports: 9 tests (7 passed, 2 failed), 8 with a diagnosis, 2 unhandled errors',
    'vitest-async-debug report written to out/merged.json',
    'vitest-async-debug HTML report written to out/merged.html',
    '',
  ].join('\n'))
  const merged = JSON.parse(readFileSync(join(root, 'out/merged.json'), 'utf8')) as AsyncDebugReport
  assertValidReport(merged)
  expect(findings(merged)).toEqual(findings(single))
  expect(merged.shards.map(shard => [shard.source, shard.shard])).toEqual([['shard-1.json', { index: 1, count: 2 }], ['shard-2.json', { index: 2, count: 2 }]])
  expect(merged.run).toMatchObject({ merged: true, shard: null, complete: true, status: 'failed' })
  expect(readFileSync(join(root, 'out/merged.html'), 'utf8')).toContain('<script id="page-data" type="application/octet-stream">')

  const block = await runCli(['report', 'out/merged.json'], { cwd: root })
  expect(block.stdout.split('\n')[0]).toContain('merged from 2 shards: 9 tests (7 passed, 2 failed)')
})

test('on a terminal, merging shows its steps on one line that it clears; without one it shows nothing', { skip: !existsSync('/usr/bin/script') }, async () => {
  // `script` gives the command a terminal of its own and copies what it wrote to ours.
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)} merge shard-1.json shard-2.json -o tty/merged.json`
  const result = await runCli([], { cwd: root, command: ['/usr/bin/script', '-qec', command, '/dev/null'] })
  expect(result.exitCode).toBe(0)
  expect(result.stdout).toContain('\r\u001B[2Kvitest-async-debug: reading report 1 of 2: shard-1.json')
  expect(result.stdout).toContain('\r\u001B[2Kvitest-async-debug: merging 2 reports')
  expect(result.stdout).toContain('\r\u001B[2Kvitest-async-debug merged 2 reports')
})

test.each([
  ['a missing file', () => ['shard-1.json', 'nowhere.json'], /nowhere\.json does not exist/],
  ['a file that is not a report', () => ['shard-1.json', writeInput('notes.json', '[1, 2]')], /notes\.json is JSON but not a vitest-async-debug report/],
  ['a report of another schema version', () => ['shard-1.json', writeInput('old.json', readFileSync(join(root, 'shard-2.json'), 'utf8').replace(/"schemaVersion": \d+/, '"schemaVersion": 5'))], /old\.json is a report of schema version 5/],
  ['the same shard twice', () => ['shard-1.json', writeInput('again.json', readFileSync(join(root, 'shard-1.json'), 'utf8'))], /shard 1\/2/],
])('%s: one line naming the file, exit 1, nothing written', async (_, inputs, message) => {
  const result = await runCli(['merge', ...inputs(), '-o', 'bad/merged.json'], { cwd: root })
  expect(result.exitCode).toBe(1)
  expect(result.stdout).toBe('')
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
  expect(result.stderr).toMatch(/^vitest-async-debug merge: /)
  expect(result.stderr).toMatch(message)
  expect(existsSync(join(root, 'bad'))).toBe(false)
})

test('shards of different projects are refused, naming both', async () => {
  const other = writeProject({
    'package.json': JSON.stringify({ name: 'billing', private: true, type: 'module' }),
    'vitest.config.ts': `import { defineConfig } from 'vitest/config'\nimport asyncDebug from 'vitest-async-debug'\nexport default defineConfig({ plugins: [asyncDebug()] })\n`,
    'tests/a.test.ts': `import { test } from 'vitest'\ntest('bills', () => {})\n`,
    'tests/b.test.ts': `import { test } from 'vitest'\ntest('refunds', () => {})\n`,
  })
  const run = await runVitest(other, ['--shard=2/2'])
  expect(run.exitCode).toBe(0)
  const result = await runCli(['merge', 'shard-1.json', run.reportPath, '-o', 'bad/merged.json'], { cwd: root })
  expect(result.exitCode).toBe(1)
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
  expect(result.stderr).toMatch(/billing/)
  expect(existsSync(join(root, 'bad'))).toBe(false)
})

test('an unwritable output path: one line, exit 1, nothing half-written', async () => {
  const before = readdirSync(root)
  const result = await runCli(['merge', 'shard-1.json', 'shard-2.json', '-o', 'shard-1.json/merged.json', '--html'], { cwd: root })
  expect(result.exitCode).toBe(1)
  expect(result.stderr).toMatch(/^vitest-async-debug merge: cannot write the merged report to shard-1\.json\/merged\.json \(.+\): choose a writable path\.\n$/)
  expect(readdirSync(root)).toEqual(before)
})

function writeInput(name: string, text: string): string {
  writeFileSync(join(root, name), text)
  return name
}
