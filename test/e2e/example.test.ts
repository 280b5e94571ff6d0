import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { repoRoot, runVitest } from '../utils/run-vitest.js'

test('the bundled example: plain Vitest blames the wrong tests, the report names the right ones', async () => {
  const run = await runVitest(join(repoRoot, 'examples/orders'))
  expect(run.exitCode).toBe(1)
  expect(run.output).toContain('The latest test that might\'ve caused the error is "lists recent orders"')
  const causes = run.report().unhandledErrors.map(error => [error.message, error.vitestBlamed, error.attribution.status === 'test' && error.attribution.test.fullName])
  expect(causes).toEqual([
    ['order 7 has no email address', 'renders the receipt', 'queues a confirmation email'],
    ['audit entry "save-order" has no userId', 'lists recent orders', 'orders > saves a guest order'],
  ])
  const diagnosis = Object.fromEntries(run.report().tests.map(test => [test.fullName, test.diagnosis.map(entry => entry.kind)]))
  expect(diagnosis).toMatchObject({
    'quotes shipping for a postcode': ['timed-out'],
    'shows the stock level': ['left-running', 'late-activity'],
    'reserves an item': ['received-late-activity'],
  })
  const timeout = run.report().tests.find(test => test.name === 'quotes shipping for a postcode')?.sessions.at(-1)?.timeout
  expect(timeout).toMatchObject({
    capture: 'rerun',
    summary: 'timed out while awaiting fetchShippingQuote() (src/shipping.ts:8), which waits on a socket (src/shipping.ts:5) that never received data',
  })
})

test('npm run demo explains the example and exits 0', () => {
  const demo = spawnSync(process.execPath, [join(repoRoot, 'scripts/demo.mjs')], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
  expect(demo.status).toBe(0)
  expect(demo.stdout).toContain([
    'Vitest exited with code 1. It reported 1 failed test and 2 unhandled errors, and blamed the errors on the wrong tests.',
    'vitest-async-debug found:',
    '  Uncaught Exception: order 7 has no email address',
    '    Vitest blamed: "renders the receipt"   caused by: "queues a confirmation email"',
    '  Unhandled Rejection: audit entry "save-order" has no userId',
    '    Vitest blamed: "lists recent orders"   caused by: "orders > saves a guest order"',
    '  "quotes shipping for a postcode": Timed out while awaiting fetchShippingQuote() (src/shipping.ts:8), which waits on a socket (src/shipping.ts:5) that never received data (found by running the test again, alone, with full stack capture). The timeout aborted the test\'s signal, but 1 pending operation did not react to it: a socket (src/shipping.ts:5) that never received data.',
    '  "shows the stock level": Left 1 operation running after it ended: an interval (src/inventory.ts:7) that was never cleared.',
    '  "queues a confirmation email": Left 1 operation running after it ended: a timer (src/notifications.ts:5) that had not fired.',
    '  "orders > saves a guest order": Left 1 operation running after it ended: a timer (src/audit-log.ts:4) that had not fired.',
    'Report: examples/orders/.vitest-async-debug/report.json (schema valid; schema file: schema/report.schema.json)',
  ].join('\n'))
})
