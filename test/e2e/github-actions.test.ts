import type { VitestRun } from '../utils/run-vitest.js'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { lineOf } from '../utils/fixture-source.js'
import { fixtureProject, runVitest } from '../utils/run-vitest.js'

/** GitHub's workflow command format: property values with `,` and `:` escaped, one line. */
const commandLine = /^::(error|warning|notice)( [a-zA-Z]+=[^,:]*(,[a-zA-Z]+=[^,:]*)*)?::.*$/

interface Command {
  level: string
  properties: Record<string, string>
  message: string
}

const unescape = (text: string): string => text.replace(/%(25|0D|0A|3A|2C)/g, (_, code: string) => String.fromCharCode(Number.parseInt(code, 16)))

/** The workflow commands in the output, as the runner reads them: lines that start with `::`. */
function commands(output: string): Command[] {
  return output.split('\n').filter(line => line.startsWith('::')).map((line) => {
    expect(line).toMatch(commandLine)
    const [, level, properties = '', message = ''] = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line)!
    const pairs = properties === '' ? [] : properties.split(',').map(pair => pair.split('=') as [string, string])
    return { level: level!, properties: Object.fromEntries(pairs.map(([name, value]) => [name, unescape(value)])), message: unescape(message) }
  })
}

/** Vitest's own github-actions reporter names files by absolute path; ours are relative to the repository. */
const ours = (list: Command[]): Command[] => list.filter(command => !command.properties.file?.startsWith('/'))
const vitests = (list: Command[]): Command[] => list.filter(command => command.properties.file?.startsWith('/'))
const where = (list: Command[]) => list.map(({ level, properties: { file, line, title } }) => ({ level, file, line: Number(line), title }))

const repository = fixtureProject('github-actions')
const root = join(repository, 'packages/shop')
const at = (file: string, text: string): { file: string, line: number } => ({ file: `packages/shop/${file}`, line: lineOf(root, file, text) })

const charging = at('helpers/payments.ts', '// charging')
const declined = at('helpers/payments.ts', '// declined')
const polls = at('helpers/payments.ts', '// polls')
const restock = at('tests/stock.test.ts', '// restock')

const temp = mkdtempSync(join(tmpdir(), 'async-debug-github-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

const earlierSummary = '## Build\n\nThe build step wrote this before the tests ran.\n'

/** A step summary file as GitHub gives each step: it may already hold what earlier commands wrote. */
function summaryFile(name: string): string {
  const file = join(temp, name)
  writeFileSync(file, earlierSummary)
  return file
}

function githubEnv(summary: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: repository, GITHUB_STEP_SUMMARY: summary, GITHUB_REPOSITORY: undefined, GITHUB_SHA: undefined, ...extra }
}

describe('on GitHub Actions', () => {
  let run: VitestRun
  let summary: string

  beforeAll(async () => {
    summary = summaryFile('summary.md')
    run = await runVitest(root, [], { env: githubEnv(summary) })
  })

  test('each diagnosis is an annotation at its source line, relative to the repository root, errors first', () => {
    expect(run.exitCode).toBe(1)
    const annotations = ours(commands(run.stdout))
    expect(where(annotations)).toEqual([
      { level: 'error', ...declined, title: 'Unhandled Rejection caused by "starts a payment without awaiting it"' },
      { level: 'error', ...restock, title: 'Timed out waiting on this' },
      { level: 'warning', ...charging, title: 'Left running after its test ended' },
      { level: 'warning', ...polls, title: 'Left running after its test ended' },
    ])
    const [rejection, timeout, , leak] = annotations.map(annotation => annotation.message.split('\n'))
    expect(rejection).toEqual([
      'tests/checkout.test.ts > checkout > starts a payment without awaiting it',
      'Unhandled Rejection Error: card declined for 1250 cents',
      expect.stringMatching(/^caused by this test; surfaced \d+ ms after it ended, during "checkout > waits for the receipt"$/),
      'Vitest blamed "waits for the receipt"',
    ])
    expect(timeout?.[0]).toBe('tests/stock.test.ts > waits for a restock that never comes')
    expect(timeout?.[1]).toContain(`(tests/stock.test.ts:${restock.line})`)
    expect(leak?.slice(0, 2)).toEqual([
      'tests/stock.test.ts > shows the stock level',
      expect.stringMatching(new RegExp(`^Left running after it ended: an interval \\(helpers/payments\\.ts:${polls.line}\\) .*, and fired \\d+ times, first \\d+ ms later, during "waits for a restock that never comes"\\.$`)),
    ])
  })

  test('the annotations say what the terminal block says', () => {
    const block = run.stdout.slice(run.stdout.indexOf(' ASYNC DEBUG '))
    for (const annotation of ours(commands(run.stdout))) {
      const [, finding] = annotation.message.split('\n')
      expect(block).toContain(finding)
    }
  })

  test('the step summary keeps what was there and gains counts, the culprit Vitest blamed wrongly, and the reports', () => {
    const text = readFileSync(summary, 'utf8')
    expect(text.startsWith(earlierSummary)).toBe(true)
    const ownSection = text.slice(text.indexOf('## vitest-async-debug'))
    expect(text.match(/## vitest-async-debug/g)).toHaveLength(1)
    expect(ownSection).toContain('| Tests | Passed | Failed | Skipped | Flaky | With findings | Unhandled errors | Caused by a test | Vitest blamed the wrong test |')
    expect(ownSection).toContain('| 5 | 4 | 1 | 0 | 0 | 4 | 1 | 1 | 1 |')
    expect(ownSection).toContain('| Unhandled Rejection Error: card declined for 1250 cents | "waits for the receipt" in `packages/shop/tests/checkout.test.ts` | "checkout &gt; starts a payment without awaiting it" in `packages/shop/tests/checkout.test.ts` | '
      + `\`${declined.file}:${declined.line}\` |`)
    expect(ownSection).toContain('- JSON report: `packages/shop/.vitest-async-debug/report.json`')
    expect(ownSection).toContain('- HTML report: `packages/shop/.vitest-async-debug/report.html`')
    expect(ownSection).toContain('### Top diagnoses')
  })

  test('Vitest\'s own annotations and summary are as without the plugin; the re-run of the timed-out test adds none', async () => {
    const plainSummary = summaryFile('plain-summary.md')
    const plain = await runVitest(root, [], { env: githubEnv(plainSummary, { ASYNC_DEBUG: 'off' }) })
    expect(plain.exitCode).toBe(run.exitCode)
    expect(ours(commands(plain.stdout))).toEqual([])
    expect(where(vitests(commands(run.stdout)))).toEqual(where(vitests(commands(plain.stdout))))
    expect(where(vitests(commands(run.stdout))).length).toBeGreaterThan(0)
    const vitestSection = (file: string): string => readFileSync(file, 'utf8').replace(/\n## vitest-async-debug[\s\S]*$/, '')
    expect(vitestSection(summary)).toBe(vitestSection(plainSummary))
    expect(readFileSync(summary, 'utf8').match(/## Vitest Test Report/g)).toHaveLength(1)
  })
})

test('maxAnnotations 1: one annotation, then one line that says how many were left out and where the list is', async () => {
  // Without GITHUB_WORKSPACE, paths are relative to the git top level of the Vitest root (or the root outside git).
  const run = await runVitest(root, [], { env: githubEnv(summaryFile('capped.md'), { GITHUB_WORKSPACE: undefined, MAX_ANNOTATIONS: '1' }) })
  let top = root
  try {
    top = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: root, encoding: 'utf8' }).trim()
  }
  catch {}
  const annotations = ours(commands(run.stdout))
  expect(where(annotations)).toEqual([{ level: 'error', file: relative(top, join(root, 'helpers/payments.ts')), line: declined.line, title: 'Unhandled Rejection caused by "starts a payment without awaiting it"' }])
  const reportPath = relative(top, join(root, '.vitest-async-debug/report.json'))
  expect(run.stdout.split('\n').filter(line => line.includes('not annotated'))).toEqual([
    `vitest-async-debug: 3 more diagnoses were not annotated (ci.maxAnnotations is 1); the full list is in ${reportPath}.`,
  ])
})

test('outside GitHub Actions: no workflow command, and the step summary is left alone', async () => {
  const summary = summaryFile('not-github.md')
  const run = await runVitest(root, [], { env: { GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: repository } })
  expect(run.exitCode).toBe(1)
  expect(run.output).toContain(' ASYNC DEBUG ')
  expect(run.output.split('\n').filter(line => line.startsWith('::'))).toEqual([])
  expect(readFileSync(summary, 'utf8')).toBe(earlierSummary)
})

test('a step summary that cannot be written: one line says so, and the run ends as it would have', async () => {
  const folder = join(temp, 'a-folder')
  mkdirSync(folder)
  const run = await runVitest(root, [], { env: githubEnv(folder) })
  expect(run.exitCode).toBe(1)
  expect(run.stderr.split('\n').filter(line => line.startsWith('vitest-async-debug:'))).toEqual([
    `vitest-async-debug: could not append the step summary to GITHUB_STEP_SUMMARY=${folder} (it is a folder); the run's result is unchanged. GitHub Actions sets it to a writable file for each step; set ci: { github: false } to write none.`,
  ])
  expect(ours(commands(run.stdout))).toHaveLength(4)
})
