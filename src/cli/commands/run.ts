import { checkVitestFlags } from '../vitest-flags.js'
import { vitestArgumentsOf } from '../own-flags.js'

export type RunMode = 'run' | 'watch'

/**
 * `run` and `watch`: Vitest in this process, with the plugin's flags left in process.argv, where the
 * plugin reads them and starts the debug servers, the DAP gateway and the dashboard in that order. Vitest
 * handles Ctrl+C; the plugin writes the reports on the way out.
 */
export async function runVitest(mode: RunMode, argumentsAfterCommand: readonly string[]): Promise<void> {
  const vitestArguments = vitestArgumentsOf(argumentsAfterCommand)
  const { parseCLI, startVitest, version: vitestVersion } = await import('vitest/node')
  checkVitestFlags(vitestArguments, parseCLI)
  const { filter, options } = parseCLI(['vitest', mode, ...vitestArguments])
  try {
    // Vitest 5 takes the filters first; its mode-first form is only kept as a deprecated overload.
    const vitest = Number.parseInt(vitestVersion, 10) >= 5
      ? await (startVitest as unknown as (filters: string[], cliOptions: typeof options) => ReturnType<typeof startVitest>)(filter, options)
      : await startVitest('test', filter, options)
    if (!vitest.shouldKeepServer()) {
      await vitest.exit()
    }
  }
  catch (error) {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`)
    process.exitCode ??= 1
  }
}
