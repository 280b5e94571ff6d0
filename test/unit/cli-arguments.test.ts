import { execFileSync, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { parseRunArguments, usage } from '../../src/cli/arguments.js'
import { repoRoot } from '../utils/run-vitest.js'

test('run passes every argument but its own flags to Vitest', () => {
  expect(parseRunArguments(['run', '--debug-on-fail', 'tests/cart.test.ts', '--pool', 'threads'])).toEqual({ kind: 'run', vitestArguments: ['tests/cart.test.ts', '--pool', 'threads'] })
  expect(parseRunArguments(['run', '--dap', '--dap-wait', '--dap=4800', '-t', 'cart'])).toEqual({ kind: 'run', vitestArguments: ['-t', 'cart'] })
  expect(parseRunArguments(['run', '--dap=http'])).toEqual({ kind: 'error', message: '--dap=http: the port must be a number from 1024 to 65535, e.g. --dap=4711' })
  expect(parseRunArguments([])).toEqual({ kind: 'help' })
  expect(parseRunArguments(['--version'])).toEqual({ kind: 'version' })
})

test('an unknown command is named, with the usage, and exits with 2', () => {
  const result = spawnSync(process.execPath, [join(repoRoot, 'dist/cli/main.js'), 'watch', '--debug-on-fail'], { encoding: 'utf8' })
  expect(result.status).toBe(2)
  expect(result.stderr).toBe(`vitest-async-debug: unknown command "watch". The command is \`run\`; everything after it goes to Vitest.\n\n${usage}`)
  expect(execFileSync(process.execPath, [join(repoRoot, 'dist/cli/main.js'), '--help'], { encoding: 'utf8' })).toBe(usage)
})
