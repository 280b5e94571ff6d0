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
    'tests/a-first.test.ts': `import { test } from 'vitest'\ntest('schedules a late failure', () => { setTimeout(() => { void Promise.reject(new Error('late from the first file')) }, 200) })\n${'// padding\n'.repeat(50)}`,
    'tests/b-second.test.ts': `import { test } from 'vitest'
import { currentSession } from 'vitest-async-debug'
test('runs in the same worker', async () => {
  if (currentSession()?.name !== 'runs in the same worker') throw new Error('the helpers see no session')
  setTimeout(() => {}, 20_000)
  await new Promise(r => setTimeout(r, 800))
})
`,
  })
  const run = await runVitest(root, ['--pool', pool, '--maxWorkers=1', ...args])
  const report = run.report()
  expect(report.files.map(file => file.worker?.pid)).toEqual([report.files[0]?.worker?.pid, report.files[0]?.worker?.pid])
  expect(report.tests.map(test => [test.name, test.state, test.attempts])).toEqual([['schedules a late failure', 'passed', 1], ['runs in the same worker', 'passed', 1]])
  // The second file's own leak is found too, with its site.
  expect(report.tests[1]?.sessions[0]?.ledger?.leftRunning?.map(operation => [operation.kind, operation.site?.file, operation.site?.line])).toEqual([['timeout', 'tests/b-second.test.ts', 5]])
  expect(report.unhandledErrors.map(error => error.attribution)).toEqual([expect.objectContaining({
    status: 'test',
    test: expect.objectContaining({ fullName: 'schedules a late failure', file: 'tests/a-first.test.ts' }),
    phase: 'after-test',
    surfacedDuring: [expect.objectContaining({ fullName: 'runs in the same worker', file: 'tests/b-second.test.ts' })],
  })])
})
