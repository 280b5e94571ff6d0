import { DAP_FLAG, DAP_WAIT_FLAG, DASHBOARD_FLAG, DEBUG_ON_FAIL_FLAG, DEFAULT_DAP_PORT, DEFAULT_DASHBOARD_PORT, SHOW_LOCALS_FLAG } from '../shared/constants.js'
import { UsageError } from './usage-error.js'

/** The flags of vitest-async-debug that `run` and `watch` take before handing the rest to Vitest. */
export const ownFlags = [DEBUG_ON_FAIL_FLAG, SHOW_LOCALS_FLAG, DAP_FLAG, DAP_WAIT_FLAG, DASHBOARD_FLAG] as const
const flagsWithPort: Record<string, number> = { [DAP_FLAG]: DEFAULT_DAP_PORT, [DASHBOARD_FLAG]: DEFAULT_DASHBOARD_PORT }

function isPort(text: string): boolean {
  const port = Number(text)
  return /^\d+$/.test(text) && port >= 1024 && port <= 65_535
}

function flagName(argument: string): string {
  return argument.split('=', 1)[0]!
}

function isOwnFlag(argument: string): boolean {
  const name = flagName(argument)
  return (ownFlags as readonly string[]).includes(name) && (name === argument || name in flagsWithPort)
}

/**
 * The arguments for Vitest: everything but our own flags, which stay in process.argv where the plugin
 * reads them. A port that is not one is refused here, before Vitest starts.
 */
export function vitestArgumentsOf(argumentsAfterCommand: readonly string[]): string[] {
  for (const [index, argument] of argumentsAfterCommand.entries()) {
    const name = flagName(argument)
    const example = flagsWithPort[name]
    if (example !== undefined && argument !== name && !isPort(argument.slice(name.length + 1))) {
      throw new UsageError(`${argument}: the port must be a number from 1024 to 65535, e.g. ${name}=${example}`)
    }
    const next = argumentsAfterCommand[index + 1]
    // Vitest would take the number for a file filter and run no test.
    if (example !== undefined && argument === name && next !== undefined && /^\d+$/.test(next)) {
      throw new UsageError(`${name} ${next}: give the port with "=", as in ${name}=${next}; a number after ${name} would be taken by Vitest as a test file filter`)
    }
  }
  return argumentsAfterCommand.filter(argument => !isOwnFlag(argument))
}
