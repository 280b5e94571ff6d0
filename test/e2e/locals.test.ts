import type { LocalsRecord } from '../../src/shared/locals.js'
import type { VitestRun } from '../utils/run-vitest.js'
import { beforeAll, describe, expect, onTestFinished, test } from 'vitest'
import { asyncDebugSection, normalizeOutput } from '../utils/normalize.js'
import { hasChromium, launchChromium, watchedPage } from '../utils/page-browser.js'
import { fixtureProject, runVitest } from '../utils/run-vitest.js'

const root = fixtureProject('locals')

function localsOf(run: VitestRun): Record<string, (LocalsRecord | null)[]> {
  return Object.fromEntries(run.report().tests.map(test => [test.fullName, test.sessions.map(session => session.locals ?? null)]))
}

function variablesAt(record: LocalsRecord | null | undefined, role: 'test' | 'helper'): Record<string, string> | undefined {
  const frame = record?.frames.find(candidate => candidate.role === role)
  return frame && Object.fromEntries(frame.variables.map(variable => [variable.name, variable.value]))
}

/** Vitest 5's hint about worker startup, printed when startup took long enough (timing, not content). */
const startupHint = /Isolate {2}\d+ workers spawned|faster with isolate: false/

/**
 * Vitest's own output, without the block (the lines about the reports are the plugin's too). Its lines are
 * sorted: the two files run in parallel and are listed as they finish. Vitest 5 sorts the Duration's parts by share.
 */
function vitestsOwnOutput(output: string): string[] {
  const start = output.indexOf(' ASYNC DEBUG ')
  const reports = output.indexOf('vitest-async-debug report written')
  const text = normalizeOutput(`${output.slice(0, start === -1 ? reports : start).trimEnd()}\n${output.slice(reports)}`).replace(/Duration .*/, 'Duration <time>')
  return text.split('\n').filter(line => line.trim() !== '' && !startupHint.test(line)).sort()
}

const pools = [
  ['forks', ['--pool', 'forks']],
  ['threads', ['--pool', 'threads']],
  ['forks without isolation, one worker', ['--pool', 'forks', '--no-isolate', '--maxWorkers=1']],
] as const

describe.each(pools)('locals: true, pool %s', (_pool, args) => {
  let run: VitestRun

  beforeAll(async () => {
    run = await runVitest(root, [...args], { env: { LOCALS: 'on' } })
  }, 120_000)

  test('the run fails as it would without locals', () => {
    expect(run.timedOut).toBe(false)
    expect(run.exitCode).toBe(1)
    expect(run.output).toContain('Tests  6 failed | 2 passed (8)')
  })

  test('a failing assertion: its line, nested objects, a long string cut with its count, a getter never called, process.env hidden', () => {
    const record = localsOf(run)['an order has its items']!.at(-1)
    expect(record?.frames.map(frame => [frame.role, frame.site.file, frame.site.line])).toEqual([['test', 'tests/orders.test.ts', 9]])
    expect(variablesAt(record, 'test')).toEqual({
      order: '{ id: \'o-1\', customer: { name: \'Ada\', address: { city: \'Paris\', zip: \'75001\' } }, items: [ { sku: \'pen\', quantity: 2 } ] }',
      note: `'${'x'.repeat(100)}'… (99,900 more characters)`,
      lazy: '{ total: [Getter] }',
      env: expect.stringMatching(/^\[process\.env: \d+ variables, values hidden\]$/),
      attempts: '0',
    })
    expect(run.output).not.toContain('the getter was called')
  })

  test('a failure thrown in a helper of the project: the test\'s line and the helper\'s, each in TypeScript', () => {
    const record = localsOf(run)['an order is checked against the stock']!.at(-1)
    expect(record?.frames.map(frame => [frame.role, `${frame.site.file}:${frame.site.line}`, frame.site.function])).toEqual([
      ['test', 'tests/orders.test.ts:16', null],
      ['helper', 'src/stock.ts:11', 'checkStock'],
    ])
    expect(variablesAt(record, 'test')).toEqual({ order: '{ id: \'o-2\', items: [ { sku: \'pen\', quantity: 1 }, { sku: \'ink\', quantity: 3 } ] }', stock: 'Map(2) { \'pen\' => 5, \'ink\' => 1 }', attempts: '0' })
    expect(variablesAt(record, 'helper')).toEqual({ available: '1', item: '{ sku: \'ink\', quantity: 3 }', order: '{ id: \'o-2\', items: [ { sku: \'pen\', quantity: 1 }, { sku: \'ink\', quantity: 3 } ] }', stock: 'Map(2) { \'pen\' => 5, \'ink\' => 1 }' })
    expect(record?.truncated).toBeUndefined()
  })

  test('a helper that throws after an await: its frame, and a note that the test\'s could not be read', () => {
    const record = localsOf(run)['an order is reserved']!.at(-1)
    expect(record?.frames.map(frame => [frame.role, `${frame.site.file}:${frame.site.line}`])).toEqual([['helper', 'src/stock.ts:11']])
    expect(record?.note).toBe('the test\'s own frame was not on the stack when the helper threw (it was waiting at an await): its variables could not be read')
  })

  test('a test that passes on its retry records nothing, nor does a passing test; a second file in the worker has its own', () => {
    const locals = localsOf(run)
    expect(locals['a flaky order passes on its retry']).toEqual([null, null])
    expect(locals['a clean order']).toEqual([null])
    expect(variablesAt(locals['a refund is within the order total']![0], 'test')).toEqual({ refund: '{ orderId: \'o-5\', amount: 120, lines: [ \'pen\', \'ink\' ] }', total: '100' })
  })

  test('a test\'s locals stay within 4 kB: the value that crosses it is cut, and the record says so', () => {
    const record = localsOf(run)['a refund with long notes']![0]
    const variables = record!.frames[0]!.variables
    expect(variables.map(variable => variable.name)).toEqual(['notes', 'copies'])
    expect(variables[1]!.value).toMatch(/^\[ \[ 'note 0 \.+', .*…$/)
    expect(variables.reduce((bytes, variable) => bytes + Buffer.byteLength(variable.name + variable.value), 0)).toBeLessThanOrEqual(4096)
    expect(record!.truncated).toBe(true)
  })

  test('a test that threw and caught 300 errors before failing: nothing read past the cap, and a note says so', () => {
    expect(localsOf(run)['a refund retried many times']).toEqual([{ source: 'pause', frames: [], note: 'not read: the test threw and caught more errors before it failed than are read in one attempt (50 errors, 200 throws in its code, 500 in all)' }])
  })

  test('the block shows the variables under each failed test', () => {
    expect(asyncDebugSection(run.output, 'tests/orders.test.ts > an order is checked against the stock')).toEqual([
      ' ✗ tests/orders.test.ts > an order is checked against the stock',
      '   · locals at tests/orders.test.ts:16 (the failing line):',
      '     order = { id: \'o-2\', items: [ { sku: \'pen\', quantity: 1 }, { sku: \'ink\', quantity: 3 } ] }',
      '     stock = Map(2) { \'pen\' => 5, \'ink\' => 1 }',
      '     attempts = 0',
      '   · locals at src/stock.ts:11 in checkStock (the project\'s code it failed in):',
      '     available = 1',
      '     item = { sku: \'ink\', quantity: 3 }',
      '     order = { id: \'o-2\', items: [ { sku: \'pen\', quantity: 1 }, { sku: \'ink\', quantity: 3 } ] }',
      '     stock = Map(2) { \'pen\' => 5, \'ink\' => 1 }',
    ])
    expect(run.output).toMatch(/ ASYNC DEBUG {2}.*locals of 5 failed tests\n/)
  })
})

describe('locals off, --show-locals, CI', () => {
  // The runs share the project's report file: each one's locals are read before the next run.
  let off: VitestRun
  let offLocals: ReturnType<typeof localsOf>
  let flag: VitestRun
  let flagLocals: ReturnType<typeof localsOf>
  let ci: VitestRun
  let ciLocals: ReturnType<typeof localsOf>

  beforeAll(async () => {
    off = await runVitest(root, ['--pool', 'forks'])
    offLocals = localsOf(off)
    flag = await runVitest(root, ['--pool', 'forks', '--', '--show-locals'])
    flagLocals = localsOf(flag)
    ci = await runVitest(root, ['--pool', 'forks'], { env: { LOCALS: 'on', CI: 'true' }, killAfterMs: 60_000 })
    ciLocals = localsOf(ci)
  }, 180_000)

  test('with locals off the report has none, and Vitest prints the same and exits the same as with them on', () => {
    expect(Object.values(offLocals).flat().filter(record => record !== null)).toEqual([])
    expect(off.output).not.toContain(' ASYNC DEBUG ')
    expect(vitestsOwnOutput(flag.output)).toEqual(vitestsOwnOutput(off.output))
    expect(flag.exitCode).toBe(off.exitCode)
  })

  test('vitest run -- --show-locals turns them on', () => {
    expect(variablesAt(flagLocals['a refund is within the order total']![0], 'test')).toEqual({ refund: '{ orderId: \'o-5\', amount: 120, lines: [ \'pen\', \'ink\' ] }', total: '100' })
  })

  test('in CI nothing waits: the run ends as usual with its locals', () => {
    expect(ci.timedOut).toBe(false)
    expect(ci.exitCode).toBe(1)
    expect(ciLocals['a refund is within the order total']![0]?.frames).toHaveLength(1)
  })

  test.skipIf(!hasChromium)('the HTML report shows them on the test\'s page', async () => {
    // The CI run was the last: the project's report.html is its page.
    const id = ci.report().tests.find(entry => entry.name === 'an order is checked against the stock')!.id
    const browser = await launchChromium()
    onTestFinished(() => browser.close())
    const { page, problems } = await watchedPage(browser)
    await page.goto(`file://${ci.reportPath.replace(/\.json$/, '.html')}#/test/${encodeURIComponent(id)}`)
    const frames = page.locator('.locals-frame')
    await expect.poll(() => frames.count()).toBe(2)
    expect(await frames.nth(0).locator('.site-link').textContent()).toBe('tests/orders.test.ts:16:3')
    expect(await frames.nth(1).locator('.site-link').textContent()).toBe('src/stock.ts:11:7')
    expect(await frames.nth(1).textContent()).toContain('item = { sku: \'ink\', quantity: 3 }')
    expect(problems).toEqual([])
  })
})
