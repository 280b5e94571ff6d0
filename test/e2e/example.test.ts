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
})

test('npm run demo explains the example and exits 0', () => {
  const demo = spawnSync(process.execPath, [join(repoRoot, 'scripts/demo.mjs')], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
  expect(demo.status).toBe(0)
  expect(demo.stdout).toContain([
    'Vitest exited with code 1: every test passed, but the tests left 2 unhandled errors behind.',
    '  Uncaught Exception: order 7 has no email address',
    '    Vitest blamed: "renders the receipt"   caused by: "queues a confirmation email"',
    '  Unhandled Rejection: audit entry "save-order" has no userId',
    '    Vitest blamed: "lists recent orders"   caused by: "orders > saves a guest order"',
    'Report: examples/orders/.vitest-async-debug/report.json (schema valid; schema file: schema/report.schema.json)',
  ].join('\n'))
})
