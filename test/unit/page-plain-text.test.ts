import { expect, test } from 'vitest'
import { parsePlain } from '../../src/dashboard/client/text/plain-text.js'

test('the page parses the run\'s JSON with ANSI colours dropped and other control characters written out, keys included', () => {
  const json = JSON.stringify({ name: '\u001B[31mred\u001B[39m', bell: 'ding\u0007', csi: '\u009B31mx', sources: { 'a\u0001.ts': { 1: 'x' } }, fine: 'tab\tand\nnewline' })
  expect(parsePlain(json)).toEqual({ name: 'red', bell: 'ding\\x07', csi: 'x', sources: { 'a\\x01.ts': { 1: 'x' } }, fine: 'tab\tand\nnewline' })
})

test('JSON without control characters is taken as parsed; an escaped backslash before b or f only costs a look', () => {
  expect(parsePlain('{"a":"plain","b":["tab\\tnewline\\n"]}')).toEqual({ a: 'plain', b: ['tab\tnewline\n'] })
  expect(parsePlain('{"path":"C:\\\\bin\\\\file"}')).toEqual({ path: 'C:\\bin\\file' })
})
