import { expect, test } from 'vitest'
import { asyncDebugBlock } from '../utils/normalize.js'
import { fixtureProject, runVitest } from '../utils/run-vitest.js'

test('errors from module top level and from beforeAll are listed at run level with the reason no test owns them', async () => {
  const run = await runVitest(fixtureProject('unowned-errors'), ['--maxWorkers=2'])
  expect(run.exitCode).toBe(1)
  const report = run.report()

  expect(report.unhandledErrors.map(({ message, surfacedIn, vitestBlamed, attribution }) => ({ message, surfacedIn, vitestBlamed, attribution }))).toEqual([
    {
      message: 'seeding the database failed',
      surfacedIn: 'tests/hooks.test.ts',
      vitestBlamed: 'runs after the seed',
      attribution: {
        status: 'no-test',
        reason: 'suite-hook',
        file: 'tests/hooks.test.ts',
        explanation: 'Created by suite-level code of tests/hooks.test.ts (a beforeAll or afterAll hook), which belongs to no single test.',
      },
    },
    {
      message: 'config failed to load',
      surfacedIn: 'tests/top-level.test.ts',
      vitestBlamed: 'runs while the module-level error lands',
      attribution: {
        status: 'no-test',
        reason: 'outside-tests',
        file: 'tests/top-level.test.ts',
        explanation: 'Created outside any test: at module top level, in a setup file, or by a library outside a test\'s async context; it surfaced while "runs while the module-level error lands" (tests/top-level.test.ts) was running.',
      },
    },
  ])
  expect(report.tests.map(test => test.diagnosis.map(entry => entry.message))).toEqual([
    ['Vitest named this test as the latest that might have caused Unhandled Rejection "Error: seeding the database failed", but no test created it (suite-hook).'],
    ['Vitest named this test as the latest that might have caused Unhandled Rejection "Error: config failed to load", but no test created it (outside-tests).'],
  ])
  const workers = report.files.map(file => file.worker)
  expect(workers.every(worker => worker?.pool === 'forks' && typeof worker.pid === 'number')).toBe(true)
  expect(asyncDebugBlock(run.stdout)).toMatchInlineSnapshot(`
    " ASYNC DEBUG  2 unhandled errors: 2 outside any test

     ! Unhandled Rejection Error: seeding the database failed (tests/hooks.test.ts)
       Created by suite-level code of tests/hooks.test.ts (a beforeAll or afterAll hook), which belongs to no single test.

     ! Unhandled Rejection Error: config failed to load (tests/top-level.test.ts)
       Created outside any test: at module top level, in a setup file, or by a library outside a test's async context; it surfaced while "runs while the module-level error lands" (tests/top-level.test.ts) was running.

    vitest-async-debug report written to .vitest-async-debug/report.json
    vitest-async-debug HTML report written to .vitest-async-debug/report.html"
  `)
})
