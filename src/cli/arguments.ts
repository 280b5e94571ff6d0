import { DAP_FLAG, DAP_WAIT_FLAG, DASHBOARD_FLAG, DEBUG_ON_FAIL_FLAG } from '../shared/constants.js'

export const usage = `Usage: vitest-async-debug run [--debug-on-fail] [--dap[=port]] [--dap-wait] [--dashboard[=port]] [vitest options] [filters]

Runs \`vitest run\` with the flags of vitest-async-debug (add asyncDebug() to your Vitest config first).

  --debug-on-fail   pause a test that fails on its last attempt where it failed, for a debugger
                    to attach (VS Code, Chrome DevTools, any CDP client); never waits in CI
  --dap[=port]      a Debug Adapter Protocol server for the whole run (every worker is a
                    thread), on port 4711 when free or the port given, else any free port
  --dap-wait        with --dap: each test file waits until a DAP client has set its breakpoints
  --dashboard[=port] serve the live dashboard on 127.0.0.1 (port 51730 when free, or the port
                    given, else any free port); the URL with this run's token is printed
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

const ownFlags = new Set([DEBUG_ON_FAIL_FLAG, DAP_FLAG, DAP_WAIT_FLAG, DASHBOARD_FLAG])
const flagsWithPort = [DAP_FLAG, DASHBOARD_FLAG]

function isPort(text: string): boolean {
  const port = Number(text)
  return /^\d+$/.test(text) && port >= 1024 && port <= 65_535
}

function isOwnFlag(argument: string): boolean {
  return ownFlags.has(argument) || flagsWithPort.some(flag => argument.startsWith(`${flag}=`))
}

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
  for (const flag of flagsWithPort) {
    const badPort = rest.find(argument => argument.startsWith(`${flag}=`) && !isPort(argument.slice(flag.length + 1)))
    if (badPort) {
      return { kind: 'error', message: `${badPort}: the port must be a number from 1024 to 65535, e.g. ${flag}=${flag === DAP_FLAG ? 4711 : 51730}` }
    }
  }
  return { kind: 'run', vitestArguments: rest.filter(argument => !isOwnFlag(argument)) }
}
