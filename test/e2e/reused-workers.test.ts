import { expect, test } from 'vitest'
import { runVitest, writeProject } from '../utils/run-vitest.js'

test.each([
  ['vmThreads', []],
  ['vmForks', []],
  ['threads', ['--no-isolate']],
])('in a reused %s worker %j, an error from one file\'s test that lands in the next file is still traced to its test', async (pool, args) => {
  const root = writeProject({
    'vitest.config.ts': `import { defineConfig } from 'vitest/config'\nimport asyncDebug from 'vitest-async-debug'\nexport default defineConfig({ plugins: [asyncDebug()] })\n`,
    // Without a cache Vitest runs the larger file first.
    'tests/a-first.test.ts': `import { test } from 'vitest'\ntest('schedules a late failure', () => { setTimeout(() => { void Promise.reject(new Error('late from the first file')) }, 60) })\n${'// padding\n'.repeat(50)}`,
    'tests/b-second.test.ts': `import { test } from 'vitest'\ntest('runs in the same worker', async () => { await new Promise(r => setTimeout(r, 300)) })\n`,
  })
  const run = await runVitest(root, ['--pool', pool, '--maxWorkers=1', ...args])
  const report = run.report()
  expect(report.files.map(file => file.worker?.pid)).toEqual([report.files[0]?.worker?.pid, report.files[0]?.worker?.pid])
  expect(report.tests.map(test => [test.name, test.attempts])).toEqual([['schedules a late failure', 1], ['runs in the same worker', 1]])
  expect(report.unhandledErrors.map(error => error.attribution)).toEqual([expect.objectContaining({
    status: 'test',
    test: expect.objectContaining({ fullName: 'schedules a late failure', file: 'tests/a-first.test.ts' }),
    phase: 'after-test',
    surfacedDuring: [expect.objectContaining({ fullName: 'runs in the same worker', file: 'tests/b-second.test.ts' })],
  })])
})
