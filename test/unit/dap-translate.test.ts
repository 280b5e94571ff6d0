import type { Protocol } from 'devtools-protocol'
import { runInNewContext, Script } from 'node:vm'
import { describe, expect, test } from 'vitest'
import { INSPECTOR_CONSOLE_KEY } from '../../src/shared/constants.js'
import { parseHitCondition } from '../../src/gateway/translate/hit-condition.js'
import { logpointCondition } from '../../src/gateway/translate/logpoint.js'
import { childExpression, toVariable, valueText } from '../../src/gateway/translate/remote-values.js'

describe('parseHitCondition', () => {
  const hitsIn1To10 = (text: string): number[] => {
    const test = parseHitCondition(text)
    if (typeof test === 'string') {
      throw new Error(`"${text}" was refused: ${test}`)
    }
    return Array.from({ length: 10 }, (_, index) => index + 1).filter(hits => test(hits))
  }

  test.each([
    ['5', [5]],
    ['== 5', [5]],
    ['=5', [5]],
    ['> 5', [6, 7, 8, 9, 10]],
    ['>= 5', [5, 6, 7, 8, 9, 10]],
    ['< 3', [1, 2]],
    ['<= 3', [1, 2, 3]],
    ['% 3', [3, 6, 9]],
    ['  >=9  ', [9, 10]],
    ['% 0', []],
  ])('"%s" stops on hits %j of 1 to 10', (text, hits) => {
    expect(hitsIn1To10(text)).toEqual(hits)
  })

  test.each(['every 3', '> 2.5', '!= 3', '-1', '>', '3 times', ''])('"%s" is refused with a message that says what is understood', (text) => {
    const result = parseHitCondition(text)
    expect(typeof result).toBe('string')
    expect(result).toContain(`hit condition "${text}" is not understood`)
    expect(result).toContain('write a number')
    expect(result).toContain('"% 3" (every third hit)')
  })
})

describe('logpointCondition', () => {
  interface Run {
    result: unknown
    logged: unknown[][]
  }

  /** Evaluates the condition as the worker would, in a context whose `process` carries the inspector console. */
  function run(expression: string, scope: Record<string, unknown> = {}, withConsole = true): Run {
    const logged: unknown[][] = []
    const fakeProcess = withConsole ? { [Symbol.for(INSPECTOR_CONSOLE_KEY)]: { log: (...parts: unknown[]) => logged.push(parts) } } : {}
    const result: unknown = runInNewContext(expression, { process: fakeProcess, ...scope })
    return { result, logged }
  }

  test('logs the text and the values of the interpolated expressions, and never stops', () => {
    const condition = logpointCondition('total is {total} for {items.length} items', undefined)
    expect(run(condition, { total: 12, items: ['tea', 'cake'] })).toEqual({
      result: false,
      logged: [['total is ', 12, ' for ', 2, ' items']],
    })
  })

  test('a message without braces is logged as it is, quotes, backticks and $ included', () => {
    const message = 'said "hi" with `ticks`, $total, \'single\' quotes and a \\ backslash'
    expect(run(logpointCondition(message, undefined))).toEqual({ result: false, logged: [[message]] })
  })

  test('an opening brace without a closing one is text', () => {
    expect(run(logpointCondition('open { only', undefined))).toEqual({ result: false, logged: [['open { only']] })
  })

  test('logs only when the breakpoint condition holds, and still never stops', () => {
    const condition = logpointCondition('big order: {total}', 'total > 10')
    const small = run(condition, { total: 5 })
    expect(small.logged).toEqual([])
    expect(small.result).toBeFalsy()
    expect(run(condition, { total: 50 })).toEqual({ result: false, logged: [['big order: ', 50]] })
  })

  test('an interpolated expression that throws is logged as its error, and the others still are', () => {
    const condition = logpointCondition('{missing.name} then {total} then {boom()}', undefined)
    const { result, logged } = run(condition, { total: 3, boom: () => { throw new TypeError('no tea left') } })
    expect(result).toBe(false)
    expect(logged).toEqual([['<ReferenceError: missing is not defined>', ' then ', 3, ' then ', '<TypeError: no tea left>']])
  })

  // It used to: an interpolation ended at the first "}", so braces of its own (an object literal, an arrow
  // function body) left a syntax error in the whole V8 condition, which V8 treats as false: the logpoint,
  // and every other breakpoint at that line (their conditions are joined with ||), silently did nothing.
  test('an interpolated expression with braces of its own is logged', () => {
    const condition = logpointCondition('order {JSON.stringify({ total })}', undefined)
    expect(run(condition, { total: 4 })).toEqual({ result: false, logged: [['order ', '{"total":4}']] })
  })

  test('an interpolation that does not compile does not stop the condition from compiling', () => {
    const condition = logpointCondition('bad {total +} good {total}', undefined)
    expect(() => new Script(condition)).not.toThrow()
  })

  test('a worker without the inspector console (not set up by the plugin) neither throws nor stops', () => {
    expect(run(logpointCondition('total is {total}', undefined), { total: 1 }, false)).toEqual({ result: false, logged: [] })
    expect(runInNewContext(logpointCondition('total is {total}', undefined), { total: 1 })).toBe(false)
  })
})

describe('valueText', () => {
  test('strings are quoted and escaped', () => {
    expect(valueText({ type: 'string', value: 'tea' })).toBe('"tea"')
    expect(valueText({ type: 'string', value: 'say "hi"\n' })).toBe('"say \\"hi\\"\\n"')
    expect(valueText({ type: 'string', value: '' })).toBe('""')
  })

  test('a string is cut past 1000 characters and says how long it was', () => {
    expect(valueText({ type: 'string', value: 'a'.repeat(998) })).toBe(`"${'a'.repeat(998)}"`)
    expect(valueText({ type: 'string', value: 'a'.repeat(999) })).toBe(`"${'a'.repeat(999)}…" (999 characters)`)
    const long = valueText({ type: 'string', value: 'b'.repeat(5000) })
    expect(long).toBe(`"${'b'.repeat(999)}…" (5000 characters)`)
  })

  // It used to cut the JSON text by UTF-16 units: a lone \ud83c before the "…", and "1200 characters" for 600 emoji.
  test('a string cut past 1000 characters does not split a character', () => {
    expect(valueText({ type: 'string', value: '🍵'.repeat(600) })).toBe(`"${'🍵'.repeat(600)}"`)
    const text = valueText({ type: 'string', value: '🍵'.repeat(1200) })
    expect(text).toBe(`"${'🍵'.repeat(999)}…" (1200 characters)`)
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/)
  })

  test('primitives', () => {
    expect(valueText({ type: 'object', subtype: 'null', value: null })).toBe('null')
    expect(valueText({ type: 'undefined' })).toBe('undefined')
    expect(valueText({ type: 'number', value: 4, description: '4' })).toBe('4')
    expect(valueText({ type: 'number', value: 0, description: '0' })).toBe('0')
    expect(valueText({ type: 'boolean', value: false })).toBe('false')
    expect(valueText({ type: 'number', unserializableValue: 'NaN', description: 'NaN' })).toBe('NaN')
    expect(valueText({ type: 'number', unserializableValue: '-0', description: '-0' })).toBe('-0')
    expect(valueText({ type: 'bigint', unserializableValue: '12n', description: '12n' })).toBe('12n')
    expect(valueText({ type: 'symbol', description: 'Symbol(tea)', objectId: '1' })).toBe('Symbol(tea)')
  })

  test('a function shows the first line of its source', () => {
    const fn: Protocol.Runtime.RemoteObject = { type: 'function', className: 'Function', description: 'function add(a, b) {\n  return a + b\n}', objectId: '1' }
    expect(valueText(fn)).toBe('function add(a, b) {')
    expect(valueText({ type: 'function', className: 'Function', description: '(x) => x * 2', objectId: '2' })).toBe('(x) => x * 2')
    expect(valueText({ type: 'function', objectId: '3' })).toBe('function')
  })

  test('an object shows its preview as one line', () => {
    const order: Protocol.Runtime.RemoteObject = {
      type: 'object',
      className: 'Object',
      description: 'Object',
      objectId: '1',
      preview: {
        type: 'object',
        description: 'Object',
        overflow: false,
        properties: [{ name: 'name', type: 'string', value: 'tea' }, { name: 'price', type: 'number', value: '4' }],
      },
    }
    expect(valueText(order)).toBe('{name: \'tea\', price: 4}')
    const note = { ...order, preview: { ...order.preview!, properties: [{ name: 'note', type: 'string' as const, value: 'two\nlines' }] } }
    expect(valueText(note)).toBe('{note: \'two\\nlines\'}')
  })

  test('a class instance\'s preview starts with its class, nested values show their description, overflow ends in …', () => {
    const cart: Protocol.Runtime.RemoteObject = {
      type: 'object',
      className: 'Cart',
      description: 'Cart',
      objectId: '1',
      preview: {
        type: 'object',
        description: 'Cart',
        overflow: true,
        properties: [
          { name: 'items', type: 'object', subtype: 'array', value: 'Array(2)' },
          { name: 'owner', type: 'object', subtype: 'null', value: 'null' },
        ],
      },
    }
    expect(valueText(cart)).toBe('Cart {items: Array(2), owner: null, …}')
  })

  // V8 previews a function property as `{ type: 'function', value: '' }` (seen with Runtime.evaluate +
  // generatePreview on `{ checkout() {} }`); it used to read `{checkout: }`. DevTools and js-debug show `ƒ`.
  test('a function property in a preview is not shown as nothing', () => {
    const text = valueText({
      type: 'object',
      className: 'Object',
      description: 'Object',
      objectId: '1',
      preview: { type: 'object', description: 'Object', overflow: false, properties: [{ name: 'checkout', type: 'function', value: '' }, { name: 'total', type: 'number', value: '4' }] },
    })
    expect(text).toMatch(/^\{checkout: \S+, total: 4\}$/)
  })

  test('an array shows its length and elements, with … when V8 left some out', () => {
    const array = (length: number, shown: number[]): Protocol.Runtime.RemoteObject => ({
      type: 'object',
      subtype: 'array',
      className: 'Array',
      description: `Array(${length})`,
      objectId: '1',
      preview: {
        type: 'object',
        subtype: 'array',
        description: `Array(${length})`,
        overflow: shown.length < length,
        properties: shown.map((value, index) => ({ name: String(index), type: 'number', value: String(value) })),
      },
    })
    expect(valueText(array(3, [1, 2, 3]))).toBe('(3) [1, 2, 3]')
    expect(valueText(array(200, [0, 1, 2]))).toBe('(200) [0, 1, 2, …]')
    expect(valueText(array(0, []))).toBe('(0) []')
  })

  test('a Map, a Date or an object without a preview shows its description', () => {
    expect(valueText({ type: 'object', subtype: 'map', className: 'Map', description: 'Map(1)', objectId: '1', preview: { type: 'object', subtype: 'map', description: 'Map(1)', overflow: false, properties: [] } })).toBe('Map(1)')
    expect(valueText({ type: 'object', subtype: 'date', className: 'Date', description: 'Tue Jan 02 2024', objectId: '2' })).toBe('Tue Jan 02 2024')
    expect(valueText({ type: 'object', className: 'Order', objectId: '3' })).toBe('Order')
  })
})

describe('toVariable and childExpression', () => {
  test('an array is expandable, with its element count and a name to evaluate', () => {
    const references: string[] = []
    const variable = toVariable('items', {
      type: 'object',
      subtype: 'array',
      className: 'Array',
      description: 'Array(3)',
      objectId: 'array-1',
      preview: { type: 'object', subtype: 'array', description: 'Array(3)', overflow: false, properties: [] },
    }, (objectId) => {
      references.push(objectId)
      return 42
    }, 'order.items')
    expect(variable).toEqual({ name: 'items', value: '(3) []', type: 'Array', variablesReference: 42, indexedVariables: 3, evaluateName: 'order.items' })
    expect(references).toEqual(['array-1'])
  })

  test('primitives and null are not expandable', () => {
    const reference = (): number => {
      throw new Error('a primitive got a reference')
    }
    expect(toVariable('count', { type: 'number', value: 4, description: '4' }, reference)).toEqual({ name: 'count', value: '4', type: 'number', variablesReference: 0 })
    expect(toVariable('nothing', { type: 'object', subtype: 'null', value: null }, reference)).toEqual({ name: 'nothing', value: 'null', type: 'null', variablesReference: 0 })
  })

  test('child expressions use dots, indexes or quoted keys', () => {
    expect(childExpression('order', 'total')).toBe('order.total')
    expect(childExpression('order.items', '0')).toBe('order.items[0]')
    expect(childExpression('order', 'first name')).toBe('order["first name"]')
    expect(childExpression('order', 'say "hi"')).toBe('order["say \\"hi\\""]')
    expect(childExpression(undefined, 'total')).toBeUndefined()
  })
})
