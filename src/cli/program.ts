import type { CAC } from 'cac'
import { cac } from 'cac'
import { PLUGIN_NAME } from '../shared/constants.js'
import { runVitest } from './commands/run.js'
import { showReport } from './commands/report.js'
import { mergeCommand } from './commands/merge.js'

/** What each command's action resolves to: the exit code, or nothing when Vitest sets it. */
export type CommandResult = number | undefined

const vitestNote = 'Every other argument goes to Vitest unchanged (filters, --shard, --pool, -t …; see `vitest --help`).'

function addRunFlags(command: ReturnType<CAC['command']>): void {
  command
    .option('--debug-on-fail', 'Pause a test that fails on its last attempt where it failed, for a debugger to attach (never waits in CI)')
    .option('--show-locals', 'Record the variables in scope where a test failed on its last attempt, in the report and the terminal block')
    .option('--dap[=port]', 'Serve the Debug Adapter Protocol for the whole run (port 4711 when free, or the port given)')
    .option('--dap-wait', 'With --dap: each test file waits until a DAP client has set its breakpoints')
    .option('--dashboard[=port]', 'Serve the live dashboard on 127.0.0.1 (port 51730 when free, or the port given)')
    .allowUnknownOptions()
}

/** The command line: every command with its flags, help and action. */
export function createProgram(version: string, rawArguments: () => readonly string[]): CAC {
  const program = cac(PLUGIN_NAME)
  const afterCommand = (): readonly string[] => rawArguments().slice(1)

  const run = program.command('run [...vitest-arguments]', 'Run the tests once with `vitest run` and the plugin\'s flags (`--watch`: keep watching)')
  addRunFlags(run)
  run.example(() => `  ${vitestNote}\n  $ ${PLUGIN_NAME} run --debug-on-fail tests/cart.test.ts --pool threads\n  $ ${PLUGIN_NAME} run --dashboard --shard=1/4`)
    .action(async (): Promise<CommandResult> => { await runVitest(afterCommand().includes('--watch') || afterCommand().includes('-w') ? 'watch' : 'run', afterCommand()); return undefined })

  const watch = program.command('watch [...vitest-arguments]', 'Run the tests and re-run them on changes; the dashboard and the DAP gateway stay up across re-runs')
  addRunFlags(watch)
  watch.example(() => `  ${vitestNote}\n  $ ${PLUGIN_NAME} watch --dashboard`)
    .action(async (): Promise<CommandResult> => { await runVitest('watch', afterCommand()); return undefined })

  program.command('doctor', 'Check that Node, Vitest, the config and this machine are ready for the plugin; exit 1 when a check fails')
    .option('--root <dir>', 'The Vitest root to check (default: the current folder)')
    .option('--json', 'Print the checks as one versioned JSON document')
    .example(() => `  $ ${PLUGIN_NAME} doctor\n  $ ${PLUGIN_NAME} doctor --root packages/api --json`)
    .action(async (options: { root?: string, json?: boolean }): Promise<CommandResult> => {
      const { runDoctor } = await import('./doctor/doctor.js')
      return runDoctor({ root: options.root ?? process.cwd(), json: options.json === true }, { stdout: process.stdout, stderr: process.stderr })
    })

  program.command('report [report]', 'Print the diagnosis block of a saved report.json; write or open its HTML report')
    .option('--html [file]', 'Write the HTML report (default: next to the JSON report, as .html)')
    .option('--open', 'Open the HTML report in the browser (writes it first)')
    .option('--json', 'Print the summary and the diagnoses as one versioned JSON document')
    .option('--root <dir>', 'Where the tested sources are, for the code excerpts in the HTML report (default: the current folder)')
    .example(() => `  $ ${PLUGIN_NAME} report\n  $ ${PLUGIN_NAME} report artifacts/report.json --open`)
    .action(async (file: string | undefined, options: { html?: string | boolean, open?: boolean, json?: boolean, root?: string }): Promise<CommandResult> =>
      showReport(file, options))

  program.command('merge <...reports>', 'Merge the reports of the --shard runs of one suite into one report')
    .option('-o, --output <file>', 'Where to write the merged report.json (required)')
    .option('--html [file]', 'Also write the HTML report (default: next to the merged report, as .html)')
    .option('--root <dir>', 'Where the tested sources are, for the code excerpts in the HTML report (default: the current folder)')
    .example(() => `  $ ${PLUGIN_NAME} merge shard-*/report.json -o merged.json --html`)
    .action(async (reports: string[], options: { output?: string, html?: string | boolean, root?: string }): Promise<CommandResult> =>
      mergeCommand(reports, options))

  // cac shows a command's description only in the list of commands; its own help starts with it too.
  program.help(sections => program.matchedCommand?.description
    ? [sections[0]!, { body: program.matchedCommand.description }, ...sections.slice(1)]
    : sections)
  program.version(version)
  return program
}
