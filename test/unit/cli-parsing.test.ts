import { expect, test } from 'vitest'
import { closestMatch, didYouMean } from '../../src/cli/did-you-mean.js'
import { vitestArgumentsOf } from '../../src/cli/own-flags.js'
import { unknownFlag } from '../../src/cli/vitest-flags.js'

test('run passes every argument but its own flags to Vitest', () => {
  expect(vitestArgumentsOf(['--debug-on-fail', 'tests/cart.test.ts', '--pool', 'threads'])).toEqual(['tests/cart.test.ts', '--pool', 'threads'])
  expect(vitestArgumentsOf(['--dap', '--dap-wait', '--dap=4800', '-t', 'cart', '--dashboard=51800'])).toEqual(['-t', 'cart'])
  expect(() => vitestArgumentsOf(['--dap=http'])).toThrow('--dap=http: the port must be a number from 1024 to 65535, e.g. --dap=4711')
  expect(() => vitestArgumentsOf(['--dap', '4800', 'cart'])).toThrow('--dap 4800: give the port with "=", as in --dap=4800; a number after --dap would be taken by Vitest as a test file filter')
  expect(() => vitestArgumentsOf(['--dashboard', '51800'])).toThrow('--dashboard 51800: give the port with "="')
  expect(vitestArgumentsOf(['--dap', 'cart', '--dashboard=51800', '4800'])).toEqual(['cart', '4800'])
  expect(() => vitestArgumentsOf(['--dashboard=80'])).toThrow('--dashboard=80: the port must be a number from 1024 to 65535, e.g. --dashboard=51730')
})

test('a typo is matched to the closest flag or command, and a word far from all of them to none', () => {
  expect(closestMatch('--debug-on-fial', ['--debug-on-fail', '--dap', '--dashboard'])).toBe('--debug-on-fail')
  expect(closestMatch('mrege', ['run', 'watch', 'doctor', 'report', 'merge'])).toBe('merge')
  expect(closestMatch('--jsn', ['--json', '--root', '--help'])).toBe('--json')
  expect(closestMatch('deploy', ['run', 'watch', 'doctor', 'report', 'merge'])).toBeUndefined()
  expect(didYouMean('--dashbaord', ['--dashboard'])).toBe(' Did you mean --dashboard?')
  expect(didYouMean('--zzz', ['--dashboard'])).toBe('')
})

const someVitestFlags = ['-t', '--testNamePattern', '--pool', '--shard', '--reporter', '--coverage', '--coverage.enabled', '--fileParallelism', '-w', '--watch', '--retry']

test('Vitest\'s own flags pass in every spelling, and a flag nobody has is refused with the closest one', () => {
  const accepted = ['--pool', 'threads', '--shard=1/2', '-t', 'cart', '--test-name-pattern=x', '--no-file-parallelism', '--coverage.enabled', '--coverage.reporter=json', '--reporter=json', '--retry', '-1', '--', '--anything']
  expect(unknownFlag(accepted, someVitestFlags)).toBeUndefined()
  expect(unknownFlag(['--poool', 'threads'], someVitestFlags)).toBe('unknown option --poool (neither Vitest nor vitest-async-debug has it). Did you mean --pool?')
  expect(unknownFlag(['cart', '--debug-on-fial'], someVitestFlags)).toBe('unknown option --debug-on-fial (neither Vitest nor vitest-async-debug has it). Did you mean --debug-on-fail?')
})
