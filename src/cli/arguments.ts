import { DEBUG_ON_FAIL_FLAG } from '../shared/constants.js'

export const usage = `Usage: vitest-async-debug run [--debug-on-fail] [vitest options] [filters]

Runs \`vitest run\` with the flags of vitest-async-debug (add asyncDebug() to your Vitest config first).

  --debug-on-fail   pause a test that fails on its last attempt where it failed, for a debugger
                    to attach (VS Code, Chrome DevTools, any CDP client); never waits in CI
  --help            show this
  --version         show the version

Every other argument goes to Vitest unchanged, e.g.
  vitest-async-debug run --debug-on-fail tests/cart.test.ts --pool threads
`

export type ParsedArguments =
  | { kind: 'run', vitestArguments: string[] }
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'error', message: string }

const ownFlags = new Set([DEBUG_ON_FAIL_FLAG])

export function parseRunArguments(argv: readonly string[]): ParsedArguments {
  const [command, ...rest] = argv
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    return { kind: 'help' }
  }
  if (command === '--version' || command === '-v') {
    return { kind: 'version' }
  }
  if (command !== 'run') {
    return { kind: 'error', message: `unknown command "${command}". The command is \`run\`; everything after it goes to Vitest.` }
  }
  return { kind: 'run', vitestArguments: rest.filter(argument => !ownFlags.has(argument)) }
}
