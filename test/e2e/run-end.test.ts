import { existsSync, readdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { expect, test } from 'vitest'
import { fixtureProject, runVitest, waitForOutput, writeProject } from '../utils/run-vitest.js'

const interruptFixture = fixtureProject('interrupt')
const configWith = (options: string): string => `import { defineConfig } from 'vitest/config'
import asyncDebug from 'vitest-async-debug'
export default defineConfig({ plugins: [asyncDebug(${options})] })
`

test('Ctrl+C during a run still leaves a valid report that says the run was interrupted', async () => {
  const marker = join(interruptFixture, '.started')
  rmSync(marker, { force: true })
  const run = await runVitest(interruptFixture, [], {
    env: { STARTED_MARKER: marker, SLOW_MS: '60000' },
    onStart: (child) => {
      void waitForOutput(() => (existsSync(marker) ? 'started' : ''), text => text === 'started').then(() => {
        // A terminal's Ctrl+C signals the whole foreground process group.
        process.kill(-child.pid!, 'SIGINT')
      })
    },
  })
  rmSync(marker, { force: true })
  // Vitest exits with 130, or with 1 when the signalled worker died before the main process reacted.
  expect([1, 130]).toContain(run.exitCode)
  const report = run.report()
  expect(report.run).toMatchObject({
    status: 'interrupted',
    complete: false,
    endedEarly: { reason: 'signal', detail: 'the run was stopped by SIGINT (Ctrl+C) before it finished' },
  })
  expect(report.tests.find(test => test.name === 'waits a long time')).toMatchObject({ state: 'pending', attempts: 0 })
  expect(report.files.map(file => file.file)).toEqual(['tests/a-fast.test.ts', 'tests/b-slow.test.ts'])
  // With one worker, Vitest starts the larger file first; the other one never ran.
  expect(report.files.find(file => file.file === 'tests/a-fast.test.ts')?.state).toMatch(/^(queued|failed)$/)
  expect(run.stdout).toContain('vitest-async-debug report written to .vitest-async-debug/report.json')
  expect(run.stdout).toContain('vitest-async-debug HTML report written to .vitest-async-debug/report.html')
  expect(existsSync(join(interruptFixture, '.vitest-async-debug/report.html'))).toBe(true)
})

test('--bail ends the run early and the report says so', async () => {
  const run = await runVitest(interruptFixture, ['--bail=1', '--maxWorkers=1', '--sequence.shuffle=false'])
  expect(run.exitCode).toBe(1)
  const report = run.report()
  expect(report.run).toMatchObject({
    status: 'interrupted',
    complete: false,
    endedEarly: { reason: 'bail', detail: 'bail is 1: the run stopped after 1 failed test' },
  })
})

test('a crashed worker is reported as such, and the rest of the run is kept', async () => {
  const root = writeProject({
    'vitest.config.ts': configWith(''),
    'tests/crash.test.ts': `import { test } from 'vitest'\ntest('kills its worker', () => { process.kill(process.pid, 'SIGKILL') })\ntest('never runs', () => {})\n`,
    'tests/fine.test.ts': `import { test } from 'vitest'\ntest('passes', () => {})\n`,
  })
  const run = await runVitest(root, ['--pool', 'forks'])
  expect(run.exitCode).toBe(1)
  const report = run.report()
  expect(report.tests.find(test => test.name === 'passes')?.state).toBe('passed')
  expect(report.unhandledErrors.map(error => error.attribution)).toEqual([
    expect.objectContaining({ status: 'no-test', reason: 'worker-crash' }),
  ])
  // A test never ran: the run is not complete, though Vitest went on with the other files.
  expect(report.run).toMatchObject({
    status: 'failed',
    complete: false,
    endedEarly: { reason: 'worker-crash', detail: expect.stringMatching(/^a test worker( running tests\/crash\.test\.ts)? ended unexpectedly, so the rest of its tests never ran$/) },
  })
  expect(existsSync(join(root, '.vitest-async-debug/report.html'))).toBe(true)
})

test.each([
  ['{ reportfile: "out.json" }', 'vitest-async-debug: unknown option `reportfile` (given "out.json"). Did you mean `reportFile`? Known options: enabled, reportFile, terminal, maxEventsPerSession, leaks, stackCapture, maxOperationsPerSession, ignoreKinds, ignorePaths, timeoutReruns, debugServer, debugOnFail, htmlReport, editorLink, dashboard, ci, locals, blocking.'],
  ['{ maxEventsPerSession: -1 }', 'vitest-async-debug: option `maxEventsPerSession` got -1 (number); allowed: a whole number from 0 to 100000 (default 200).'],
  ['{ reportFile: 42 }', 'vitest-async-debug: option `reportFile` got 42 (number); allowed: a non-empty path string, or false to write no report (default ".vitest-async-debug/report.json").'],
  ['{ ignoreKinds: [\'interval\', \'bogus\'] }', 'vitest-async-debug: option `ignoreKinds` element [1] got "bogus"; allowed: an array of resource kinds: '],
  ['{ debugServer: { hots: \'127.0.0.1\' } }', 'vitest-async-debug: option `debugServer` has an unknown key `hots`. Did you mean `host`? Allowed: true, false, or {'],
  ['{ debugServer: { host: \'[::1]\' } }', 'vitest-async-debug: option `debugServer` key `host` got "[::1]": write an IPv6 address without brackets, as "::1"; allowed: '],
  ['{ debugServer: { host: \'no-such-host.invalid\' } }', 'vitest-async-debug: option `debugServer.host` is "no-such-host.invalid", and the debug servers cannot listen there (the name does not resolve). Use an address of this machine'],
  ['{ debugServer: { host: \'192.0.2.1\' } }', 'vitest-async-debug: option `debugServer.host` is "192.0.2.1", and the debug servers cannot listen there (it is not an address of this machine). Use an address of this machine'],
])('a bad option %s stops the run with a message that names it', async (options, message) => {
  const root = writeProject({
    'vitest.config.ts': configWith(options),
    'tests/a.test.ts': `import { test } from 'vitest'\ntest('a', () => {})\n`,
  })
  const run = await runVitest(root)
  expect(run.exitCode).toBe(1)
  expect(run.output).toContain(message)
  expect(run.hasReport()).toBe(false)
})

test('reportFile moves the report and terminal: false keeps the terminal quiet', async () => {
  const root = writeProject({
    'vitest.config.ts': configWith('{ reportFile: "artifacts/async.json", terminal: false }'),
    'tests/a.test.ts': `import { test } from 'vitest'\ntest('a', () => { setTimeout(() => { void Promise.reject(new Error('late')) }, 1) })\ntest('b', async () => { await new Promise(r => setTimeout(r, 50)) })\n`,
  })
  const run = await runVitest(root, [], { reportFile: 'artifacts/async.json' })
  expect(run.report().summary.unhandledErrorsAttributedToTests).toBe(1)
  expect(run.output).not.toContain('vitest-async-debug')
  expect(run.output).not.toContain('ASYNC DEBUG')
})

test('a report that cannot be written is a clear warning, not a failed run', async () => {
  const root = writeProject({
    'vitest.config.ts': configWith('{ reportFile: "vitest.config.ts/report.json" }'),
    'tests/a.test.ts': `import { test } from 'vitest'\ntest('a', () => {})\n`,
  })
  const run = await runVitest(root)
  expect(run.exitCode).toBe(0)
  expect(run.stderr).toContain('vitest-async-debug: could not write the report to vitest.config.ts/report.json (EEXIST). Set the reportFile option to a writable file path, such as \'.vitest-async-debug/report.json\', or to false to write none.')
  expect(run.output).not.toContain('Unhandled Error')
})

test.each(['.', 'tests'])('reportFile pointing at a folder (%s) is a clear warning, and no temp file is left anywhere', async (reportFile) => {
  const root = writeProject({
    'vitest.config.ts': configWith(`{ reportFile: ${JSON.stringify(reportFile)} }`),
    'tests/a.test.ts': `import { test } from 'vitest'\ntest('a', () => {})\n`,
  })
  const parentBefore = readdirSync(dirname(root))
  const run = await runVitest(root)
  expect(run.exitCode).toBe(0)
  const shown = reportFile === '.' ? root : reportFile
  expect(run.stderr).toContain(`vitest-async-debug: could not write the report to ${shown} (it is a folder). Set the reportFile option to a writable file path`)
  const temporary = (names: string[]): string[] => names.filter(name => name.endsWith('.tmp'))
  expect(temporary(readdirSync(root, { recursive: true }) as string[])).toEqual([])
  expect(temporary(readdirSync(dirname(root)))).toEqual(temporary(parentBefore))
})

test('a reporter of Vitest\'s that throws at the end of the run (an error whose stack is not a string) does not cost the report', async () => {
  const root = writeProject({
    'vitest.config.ts': configWith(''),
    'tests/odd-stack.test.ts': `import { test } from 'vitest'
test('throws an error whose stack is a number', () => {
  const error = new Error('odd stack')
  Object.defineProperty(error, 'stack', { value: 42 })
  throw error
})
test('passes', () => {})
`,
  })
  const run = await runVitest(root)
  expect(run.hasReport(), run.output).toBe(true)
  const report = run.report()
  expect(report.tests.map(test => [test.name, test.state])).toEqual([['throws an error whose stack is a number', 'failed'], ['passes', 'passed']])
  expect(report.tests[0]!.errors).toEqual([{ name: 'Error', message: 'odd stack', stack: null }])
})

test('the plugin listed twice: the first one is used, and the terminal says once which options of the second are ignored', async () => {
  const root = writeProject({
    'vitest.config.ts': `import { defineConfig } from 'vitest/config'
import asyncDebug from 'vitest-async-debug'
export default defineConfig({ plugins: [asyncDebug({ leaks: 'warn' }), asyncDebug({ leaks: 'error', reportFile: 'other.json' })] })
`,
    'tests/a.test.ts': `import { test } from 'vitest'\ntest('a', () => {})\n`,
    'tests/b.test.ts': `import { test } from 'vitest'\ntest('b', () => {})\n`,
  })
  const run = await runVitest(root)
  expect(run.exitCode).toBe(0)
  const warning = 'vitest-async-debug: asyncDebug() is listed twice in plugins: the first one is used and the second one\'s options are ignored (reportFile: "other.json" (used: ".vitest-async-debug/report.json"), leaks: "error" (used: "warn")). Remove one.'
  expect(run.output.split(warning)).toHaveLength(2)
  expect(run.report().environment.options).toMatchObject({ leaks: 'warn' })
  expect(existsSync(join(root, 'other.json'))).toBe(false)
})
