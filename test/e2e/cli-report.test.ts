import type { ReportDigest } from '../../src/cli/commands/report-digest.js'
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, expect, test } from 'vitest'
import { repoRoot, runVitest, type VitestRun } from '../utils/run-vitest.js'
import { runCli } from '../utils/run-cli.js'
import { projectUnderTest } from '../utils/stack.js'

let root: string
let run: VitestRun
let saved: string

beforeAll(async () => {
  root = projectUnderTest(join(repoRoot, 'examples/orders'))
  run = await runVitest(root)
  // A report downloaded from CI: somewhere else than where the run wrote it.
  mkdirSync(join(root, 'artifacts'))
  saved = join(root, 'artifacts/report.json')
  copyFileSync(run.reportPath, saved)
})

/** The diagnosis block: from its title line to the last line before the "written to" lines. */
function block(output: string): string {
  const lines = output.split('\n')
  const start = lines.findIndex(line => line.includes(' ASYNC DEBUG '))
  const end = lines.findIndex((line, index) => index > start && / (HTML )?report written to /.test(line))
  return lines.slice(start, end === -1 ? undefined : end).join('\n').trimEnd()
}

test('report re-prints the block the run printed, from a saved file, after a one-line summary', async () => {
  const result = await runCli(['report', 'artifacts/report.json'], { cwd: root })
  expect(result.exitCode).toBe(0)
  expect(result.stderr).toBe('')
  expect(block(run.stdout)).toContain('Vitest blamed "renders the receipt"')
  expect(block(result.stdout)).toBe(block(run.stdout))
  expect(result.stdout.split('\n')[0]).toMatch(/^vitest-async-debug artifacts\/report\.json: run failed at \S+: 9 tests \(7 passed, 2 failed\), 8 with a diagnosis, 2 unhandled errors$/)
})

test('report with no file reads the default report of the current folder', async () => {
  const result = await runCli(['report'], { cwd: root })
  expect(result.exitCode).toBe(0)
  expect(block(result.stdout)).toBe(block(run.stdout))
})

test('report --json prints a versioned document with every diagnosis and who caused each error', async () => {
  const result = await runCli(['report', saved, '--json'], { cwd: root })
  expect(result.exitCode).toBe(0)
  const digest = JSON.parse(result.stdout) as ReportDigest
  const report = run.report()
  expect(digest).toMatchObject({ schemaVersion: 1, tool: 'vitest-async-debug report', source: saved, reportSchemaVersion: report.schemaVersion, summary: report.summary })
  expect(digest.diagnoses).toHaveLength(report.tests.reduce((count, entry) => count + entry.diagnosis.length, 0))
  expect(digest.unhandledErrors.map(error => [error.message, error.causedBy, error.vitestBlamed])).toEqual([
    ['order 7 has no email address', 'queues a confirmation email', 'renders the receipt'],
    ['audit entry "save-order" has no userId', 'orders > saves a guest order', 'lists recent orders'],
  ])
})

test('report --html writes the page of the saved report; --open hands it to the platform\'s opener', async () => {
  const bin = join(root, 'fake-bin')
  mkdirSync(bin)
  const opened = join(root, 'opened.txt')
  writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\necho "$1" > ${JSON.stringify(opened)}\n`)
  chmodSync(join(bin, 'xdg-open'), 0o755)
  const result = await runCli(['report', 'artifacts/report.json', '--html', 'out/page.html', '--open'], { cwd: root, env: { PATH: `${bin}:${process.env.PATH}` } })
  expect(result.exitCode).toBe(0)
  expect(result.stdout).toContain('vitest-async-debug HTML report written to out/page.html')
  const html = readFileSync(join(root, 'out/page.html'), 'utf8')
  expect(html).toContain('<script id="page-data" type="application/octet-stream">')
  expect(readFileSync(opened, 'utf8').trim()).toBe(join(root, 'out/page.html'))

  const besideTheReport = await runCli(['report', 'artifacts/report.json', '--html'], { cwd: root })
  expect(besideTheReport.stdout).toContain('HTML report written to artifacts/report.html')
  expect(existsSync(join(root, 'artifacts/report.html'))).toBe(true)
})

test('--open without a browser opener says so and where the page is', async () => {
  const result = await runCli(['report', 'artifacts/report.json', '--open'], { cwd: root, env: { PATH: '/nonexistent' } })
  expect(result.exitCode).toBe(1)
  expect(result.stderr).toBe('vitest-async-debug: could not open a browser: xdg-open could not be started (ENOENT). Open artifacts/report.html yourself.\n')
})

test.each([
  ['a missing file', () => 'missing.json', /^vitest-async-debug report: \S*missing\.json does not exist: pass the path of a JSON report/],
  ['a file that is not JSON', () => writeInput('broken.json', '{"schemaVersion": 7,'), /^vitest-async-debug report: \S*broken\.json is not JSON \(/],
  ['JSON that is not a report', () => writeInput('package.json', '{"name":"x"}'), /^vitest-async-debug report: \S*package\.json is JSON but not a vitest-async-debug report/],
  ['a report of another schema version', () => writeInput('old.json', readFileSync(saved, 'utf8').replace(/"schemaVersion": \d+/, '"schemaVersion": 5')), /^vitest-async-debug report: \S*old\.json is a report of schema version 5, written by vitest-async-debug \S+; this vitest-async-debug \(\S+\) reads schema version \d+/],
])('%s: one clear line and exit 1', async (_, input, message) => {
  const result = await runCli(['report', input()], { cwd: root })
  expect(result.exitCode).toBe(1)
  expect(result.stdout).toBe('')
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
  expect(result.stderr).toMatch(message)
})

test('an unwritable --html path: one line, exit 1, nothing written', async () => {
  const result = await runCli(['report', 'artifacts/report.json', '--html', 'artifacts/report.json/page.html'], { cwd: root })
  expect(result.exitCode).toBe(1)
  expect(result.stderr).toMatch(/^vitest-async-debug report: cannot write the HTML report to artifacts\/report\.json\/page\.html \(.+\): choose a writable path\.\n$/)
})

function writeInput(name: string, text: string): string {
  const path = join(root, 'inputs', name)
  mkdirSync(join(root, 'inputs'), { recursive: true })
  writeFileSync(path, text)
  return path
}
