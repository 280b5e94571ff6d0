import type { Protocol } from 'devtools-protocol'
import { Session } from 'node:inspector'
import { afterAll, describe, expect, test } from 'vitest'
import { localsLines } from '../../src/report/terminal-locals.js'
import { fitBudget } from '../../src/worker/locals/fit-budget.js'
import { renderValue } from '../../src/worker/locals/render-value.js'
import { SyncSession } from '../../src/worker/locals/sync-session.js'

const session = new SyncSession(new Session())
session.session.connect()
afterAll(() => session.session.disconnect())

const calls = { getter: 0, trap: 0 }
const fixtures = globalThis as unknown as Record<string, unknown>

/** The value `expression` evaluates to in this thread, as the renderer shows it. */
function render(expression: string): string {
  const { result } = session.post<Protocol.Runtime.EvaluateResponse>('Runtime.evaluate', { expression })
  return renderValue(session, result)
}

describe('renderValue', () => {
  test('primitives as in Vitest\'s diffs', () => {
    expect(['null', 'undefined', '42', '-0', 'NaN', '10n', 'true', 'Symbol(\'tag\')'].map(render)).toEqual(['null', 'undefined', '42', '-0', 'NaN', '10n', 'true', 'Symbol(tag)'])
  })

  test('strings quoted and escaped, cut with a count of what was left out', () => {
    expect(render('"it\'s\\na \\\\ line"')).toBe('\'it\\\'s\\na \\\\ line\'')
    expect(render('"y".repeat(100_000)')).toBe(`'${'y'.repeat(100)}'… (99,900 more characters)`)
  })

  test('nested objects to three levels, then { … } and [ … ]', () => {
    expect(render('({ a: { b: { c: { d: 1 }, list: [1, [2]] } } })')).toBe('{ a: { b: { c: { … }, list: [ … 2 items ] } } }')
  })

  test('lists and objects cut after 10 items, with a count', () => {
    expect(render('Array.from({ length: 15 }, (_, i) => i)')).toBe('[ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, … 5 more items ]')
    expect(render('Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i]))')).toBe('{ k0: 0, k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, k6: 6, k7: 7, k8: 8, k9: 9, … 1 more item }')
    expect(render('new Array(5000).fill(0)')).toBe('[ … 5,000 items ]')
    expect(render('[]')).toBe('[]')
    expect(render('({})')).toBe('{}')
    expect(render('({ "a-b": 1, [Symbol("s")]: 2 })')).toBe('{ \'a-b\': 1, [Symbol(s)]: 2 }')
  })

  test('accessors are shown, never called; a proxy is not looked into', () => {
    fixtures.lazy = {
      get boom(): number {
        calls.getter++
        throw new Error('called')
      },
      set only(_value: number) {},
      get both(): number {
        return calls.getter++
      },
      set both(_value: number) {},
    }
    fixtures.proxy = new Proxy({ a: 1 }, { ownKeys: (target) => {
      calls.trap++
      return Reflect.ownKeys(target)
    }, get: (target, key) => {
      calls.trap++
      return Reflect.get(target, key)
    } })
    expect(render('globalThis.lazy')).toBe('{ boom: [Getter], only: [Setter], both: [Getter/Setter] }')
    expect(render('({ inner: globalThis.proxy })')).toBe('{ inner: [Proxy] }')
    expect(calls).toEqual({ getter: 0, trap: 0 })
  })

  test('functions by name, classes and their instances by class name, errors by their first line', () => {
    expect(render('(() => { const named = () => 1; return [named, function plain() {}, () => 2] })()')).toBe('[ [Function named], [Function plain], [Function (anonymous)] ]')
    expect(render('(() => { class Order { id = "o-1" }; return [Order, new Order()] })()')).toBe('[ [class Order], Order { id: \'o-1\' } ]')
    expect(render('new TypeError("bad order")')).toBe('[TypeError: bad order]')
  })

  test('Maps and Sets list their entries (keys and values rendered like any value), cut like arrays, without calling their methods', () => {
    expect(render('new Map([["sku-1", { quantity: 2 }], [{ id: 7 }, [1, 2]]])')).toBe('Map(2) { \'sku-1\' => { quantity: 2 }, { id: 7 } => [ 1, 2 ] }')
    expect(render('new Set([1, "two", null])')).toBe('Set(3) { 1, \'two\', null }')
    expect(render('new Map()')).toBe('Map(0) {}')
    expect(render('new Set(Array.from({ length: 12 }, (_, index) => index))')).toBe('Set(12) { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, … 2 more items }')
    expect(render('({ a: { b: { c: new Set([1]) } } })')).toBe('{ a: { b: { c: Set(1) { … } } } }')
    expect(render('new Set(Array.from({ length: 5000 }, (_, index) => index))')).toBe('Set(5000) { … }')
    const calls = { forEach: 0 }
    fixtures.tracked = new Map([[1, 'one']])
    ;(fixtures.tracked as Map<number, string>).forEach = () => { calls.forEach++ }
    expect(render('globalThis.tracked')).toBe('Map(1) { 1 => \'one\' }')
    expect(calls.forEach).toBe(0)
    expect(render('new WeakMap()')).toBe('WeakMap')
  })

  test('process.env, wherever it is, shows its size and no value', () => {
    const size = Object.keys(process.env).length.toLocaleString('en-US')
    expect(render('process.env')).toBe(`[process.env: ${size} variables, values hidden]`)
    expect(render('({ config: { env: process.env } })')).toBe(`{ config: { env: [process.env: ${size} variables, values hidden] } }`)
  })
})

describe('fitBudget', () => {
  const frames = [[{ name: 'a', value: '1'.repeat(40) }, { name: 'b', value: '2'.repeat(40) }], [{ name: 'c', value: '3'.repeat(40) }]]

  test('everything within the limit is kept as it is', () => {
    expect(fitBudget(frames, 200)).toEqual({ frames, truncated: false })
  })

  test('the value that crosses the limit is cut, the ones after it are left out', () => {
    const fitted = fitBudget(frames, 80)
    expect(fitted).toEqual({ frames: [[frames[0]![0], { name: 'b', value: `${'2'.repeat(35)}…` }], []], truncated: true })
    const bytes = fitted.frames.flat().reduce((sum, variable) => sum + Buffer.byteLength(variable.name + variable.value), 0)
    expect(bytes).toBeLessThanOrEqual(80)
  })
})

describe('localsLines', () => {
  test('each frame\'s heading, its variables, the cut and the note', () => {
    const plain = (lines: string[]): string[] => lines.map(line => line.replace(/\u001B\[\d+m/g, ''))
    expect(plain(localsLines({
      source: 'pause',
      frames: [
        { role: 'test', site: { file: 'tests/orders.test.ts', line: 14, column: 3, function: null }, variables: [{ name: 'order', value: '{ id: \'o-1\' }' }] },
        { role: 'helper', site: { file: 'src/stock.ts', line: 9, column: 7, function: 'checkStock' }, variables: [{ name: 'line', value: '\'a\u001b[2Jb\'' }] },
      ],
      truncated: true,
    }))).toEqual([
      '   · locals at tests/orders.test.ts:14 (the failing line):',
      '     order = { id: \'o-1\' }',
      '   · locals at src/stock.ts:9 in checkStock (the project\'s code it failed in):',
      '     line = \'a\\x1b[2Jb\'',
      '     … cut to stay within 4 kB per test',
    ])
    expect(localsLines(undefined)).toEqual([])
  })
})
