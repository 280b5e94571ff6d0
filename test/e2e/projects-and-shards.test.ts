import type { AsyncDebugReport } from '../../src/shared/report.js'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { runVitest, writeProject } from '../utils/run-vitest.js'
import { blobFolder, vitestMajor } from '../utils/stack.js'

const lateTest = (name: string): string => `import { test } from 'vitest'
test('${name} leaves a rejection behind', () => { setTimeout(() => { void Promise.reject(new Error('${name} failed late')) }, 5) })
test('${name} keeps running', async () => { await new Promise(r => setTimeout(r, 80)) })
`

/** Both projects (`api` in forks, `web` in threads) are in the report, and each one's late rejection is traced to its test. */
function expectBothProjectsInstrumented(report: AsyncDebugReport): void {
  expect(report.environment.projects.map(({ name, pool }) => ({ name, pool }))).toEqual([
    { name: 'api', pool: 'forks' },
    { name: 'web', pool: 'threads' },
  ])
  expect(report.unhandledErrors.map(error => error.attribution.status === 'test' && error.attribution.test.fullName)).toEqual([
    'api leaves a rejection behind',
    'web leaves a rejection behind',
  ])
}

test('each project of a multi-project config gets sessions exactly once', async () => {
  const root = writeProject({
    'vitest.config.ts': `import { defineConfig } from 'vitest/config'
import asyncDebug from 'vitest-async-debug'
export default defineConfig({
  plugins: [asyncDebug()],
  test: {
    projects: [
      { extends: true, test: { name: 'api', include: ['api/**/*.test.ts'] } },
      { extends: true, test: { name: 'web', include: ['web/**/*.test.ts'], pool: 'threads' } },
    ],
  },
})
`,
    'api/a.test.ts': lateTest('api'),
    'web/b.test.ts': lateTest('web'),
  })
  const run = await runVitest(root)
  const report = run.report()
  expectBothProjectsInstrumented(report)
  expect(report.tests.map(test => [test.project, test.name, test.attempts])).toEqual([
    ['api', 'api leaves a rejection behind', 1],
    ['api', 'api keeps running', 1],
    ['web', 'web leaves a rejection behind', 1],
    ['web', 'web keeps running', 1],
  ])
  expect(run.output.match(/vitest-async-debug report written to/g)).toHaveLength(1)
})

const recordsSetup = (name: string): string => `import { beforeEach } from 'vitest'
import { recordSessionEvent } from 'vitest-async-debug'
beforeEach(() => { recordSessionEvent('${name}') })
`

// Vitest 5: inline projects extend the root config by default, so they inherit its plugins and setup files
// (arrays merged), and they share the root's Vite server, so one plugin instance configures every project.
test.runIf(vitestMajor >= 5)('inline projects that inherit the root plugin and setup files: every project instrumented, every test in one session, each setup file once', async () => {
  const root = writeProject({
    'vitest.config.ts': `import { defineConfig } from 'vitest/config'
import asyncDebug from 'vitest-async-debug'
export default defineConfig({
  plugins: [asyncDebug()],
  test: {
    setupFiles: ['./root-setup.ts'],
    projects: [
      { test: { name: 'api', include: ['api/**/*.test.ts'] } },
      { test: { name: 'web', include: ['web/**/*.test.ts'], pool: 'threads', setupFiles: ['./web-setup.ts'] } },
    ],
  },
})
`,
    'root-setup.ts': recordsSetup('root setup'),
    'web-setup.ts': recordsSetup('web setup'),
    'api/a.test.ts': lateTest('api'),
    'web/b.test.ts': lateTest('web'),
  })
  const run = await runVitest(root)
  const report = run.report()
  expectBothProjectsInstrumented(report)
  const setupEvents = (test: (typeof report.tests)[number]) => test.sessions.map(session => (session.events ?? []).filter(event => event.kind === 'custom').map(event => event.name))
  expect(report.tests.map(test => [test.project, test.name, setupEvents(test)])).toEqual([
    ['api', 'api leaves a rejection behind', [['root setup']]],
    ['api', 'api keeps running', [['root setup']]],
    ['web', 'web leaves a rejection behind', [['root setup', 'web setup']]],
    ['web', 'web keeps running', [['root setup', 'web setup']]],
  ])
  expect(run.output).not.toMatch(/duplicate/i)
  expect(run.output.match(/vitest-async-debug report written to/g)).toHaveLength(1)
})

test('shards write blob reports and --merge-reports rebuilds one report with the attribution intact', async () => {
  const root = writeProject({
    'vitest.config.ts': `import { defineConfig } from 'vitest/config'
import asyncDebug from 'vitest-async-debug'
export default defineConfig({ plugins: [asyncDebug()] })
`,
    'tests/one.test.ts': lateTest('one'),
    'tests/two.test.ts': lateTest('two'),
  })
  for (const index of [1, 2]) {
    const shard = await runVitest(root, [`--shard=${index}/2`, '--reporter=blob'])
    expect(shard.exitCode).toBe(1)
    expect(shard.report()).toMatchObject({ run: { shard: { index, count: 2 }, merged: false }, summary: { files: 1, unhandledErrorsAttributedToTests: 1 } })
  }
  expect(readdirSync(join(root, blobFolder))).toHaveLength(2)

  const merged = await runVitest(root, ['--merge-reports'])
  const report = merged.report()
  expect(report.run.merged).toBe(true)
  expect(report.summary).toMatchObject({ files: 2, tests: 4, unhandledErrors: 2, unhandledErrorsAttributedToTests: 2 })
  expect(report.unhandledErrors.map(error => error.attribution.status === 'test' && error.attribution.test.fullName)).toEqual([
    'one leaves a rejection behind',
    'two leaves a rejection behind',
  ])
})
