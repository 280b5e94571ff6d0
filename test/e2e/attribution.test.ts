import type { AsyncDebugReport } from '../../src/shared/report.js'
import { describe, expect, test } from 'vitest'
import { asyncDebugBlock, normalizeOutput } from '../utils/normalize.js'
import { fixtureProject, runVitest } from '../utils/run-vitest.js'
import { vitestBlameLine } from '../utils/stack.js'

const lateErrors = fixtureProject('late-errors')

function attributionSummary(report: AsyncDebugReport) {
  return report.unhandledErrors.map(({ type, message, vitestBlamed, attribution }) => ({
    type,
    message,
    vitestBlamed,
    ...(attribution.status === 'test'
      ? { causedBy: attribution.test.fullName, phase: attribution.phase, surfacedDuring: attribution.surfacedDuring.map(ref => ref.fullName), vitestAgrees: attribution.vitestAgrees }
      : { reason: attribution.reason }),
  }))
}

/** Vitest's own "Unhandled Errors" section, which it writes to stderr. */
function vitestErrorSection(stderr: string): string {
  return normalizeOutput(stderr.slice(stderr.indexOf('Unhandled Errors')))
}

describe.each(['forks', 'threads'])('pool %s', (pool) => {
  test('a late rejection and a late exception are attributed to the tests that created them', async () => {
    const run = await runVitest(lateErrors, ['--pool', pool])
    expect(run.exitCode).toBe(1)
    const report = run.report()

    expect(attributionSummary(report)).toEqual([
      {
        type: 'Unhandled Rejection',
        message: 'card declined for 1250 cents',
        vitestBlamed: 'waits for the receipt',
        causedBy: 'checkout > starts a payment without awaiting it',
        phase: 'after-test',
        surfacedDuring: ['checkout > waits for the receipt'],
        vitestAgrees: false,
      },
      {
        type: 'Uncaught Exception',
        message: 'retry queue is not configured',
        vitestBlamed: 'renders the summary',
        causedBy: 'checkout > schedules a retry',
        phase: 'after-test',
        surfacedDuring: ['checkout > renders the summary'],
        vitestAgrees: false,
      },
    ])
    const [rejection] = report.unhandledErrors
    expect(rejection?.stack).toContain('helpers/payments.ts:3')
    expect(rejection?.stack).not.toContain(lateErrors)
    expect(report.summary).toMatchObject({ tests: 4, passed: 4, unhandledErrors: 2, unhandledErrorsAttributedToTests: 2, unhandledErrorsMisattributedByVitest: 2, testsWithDiagnosis: 4 })
    expect(report.run.status).toBe('failed')
    expect(report.environment.projects).toEqual([{ name: '', pool, isolate: true, maxWorkers: report.environment.maxWorkers }])

    const diagnoses = Object.fromEntries(report.tests.map(test => [test.name, test.diagnosis.map(entry => entry.kind)]))
    expect(diagnoses).toEqual({
      'starts a payment without awaiting it': ['unhandled-error', 'left-running'],
      'waits for the receipt': ['blamed-by-vitest', 'received-late-activity'],
      'schedules a retry': ['unhandled-error', 'left-running'],
      'renders the summary': ['blamed-by-vitest', 'received-late-activity'],
    })

    expect(asyncDebugBlock(run.stdout)).toMatchInlineSnapshot(`
      " ASYNC DEBUG  2 unhandled errors: 2 caused by a test; Vitest blamed the wrong test for 2 · 2 tests left work running · 2 tests had work run after they ended

       ✗ tests/checkout.test.ts > checkout > starts a payment without awaiting it
         Unhandled Rejection Error: card declined for 1250 cents
         caused by this test; surfaced <n> ms after it ended, during "checkout > waits for the receipt"
         Vitest blamed "waits for the receipt"
         - Left running after it ended: a timer (helpers/payments.ts:2) that had not fired, and fired <n> ms later, during "checkout > waits for the receipt".
           A timer was started in this test and had not fired when the test ended. This is often caused by a missing \`clearTimeout\`, or by a delay the test did not await.

       ! tests/checkout.test.ts > checkout > waits for the receipt
         - Work of "checkout > starts a payment without awaiting it" (tests/checkout.test.ts) ran during this test, after that test ended: see that test.

       ✗ tests/checkout.test.ts > checkout > schedules a retry
         Uncaught Exception TypeError: retry queue is not configured
         caused by this test; surfaced <n> ms after it ended, during "checkout > renders the summary"
         Vitest blamed "renders the summary"
         - Left running after it ended: a timer (helpers/payments.ts:7) that had not fired, and fired <n> ms later, during "checkout > renders the summary".

       ! tests/checkout.test.ts > checkout > renders the summary
         - Work of "checkout > schedules a retry" (tests/checkout.test.ts) ran during this test, after that test ended: see that test.

      vitest-async-debug report written to .vitest-async-debug/report.json
      vitest-async-debug HTML report written to .vitest-async-debug/report.html"
    `)
  })
})

test('Vitest reports unhandled errors and exits exactly as it does without the plugin', async () => {
  const [plain, withPlugin] = await Promise.all([
    runVitest(lateErrors, [], { env: { ASYNC_DEBUG: 'off' } }),
    runVitest(lateErrors),
  ])
  expect(plain.exitCode).toBe(1)
  expect(withPlugin.exitCode).toBe(plain.exitCode)
  expect(plain.output).toContain('Vitest caught 2 unhandled errors during the test run.')
  expect(vitestErrorSection(plain.stderr)).toContain(vitestBlameLine('waits for the receipt'))
  expect(vitestErrorSection(withPlugin.stderr)).toBe(vitestErrorSection(plain.stderr))
  expect(plain.output).not.toContain('ASYNC DEBUG')
})

test('the diagnosis block is coloured with FORCE_COLOR and plain with NO_COLOR', async () => {
  const [coloured, plain] = await Promise.all([
    runVitest(lateErrors, [], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }),
    runVitest(fixtureProject('late-errors'), ['--pool', 'threads']),
  ])
  const block = (output: string): string => output.slice(output.indexOf('ASYNC DEBUG'))
  expect(block(coloured.stdout)).toContain('\u001B[31m✗\u001B[39m')
  expect(block(plain.stdout)).toContain('ASYNC DEBUG')
  expect(block(plain.stdout)).not.toContain('\u001B[')
})
