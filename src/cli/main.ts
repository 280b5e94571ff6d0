#!/usr/bin/env node
/**
 * `vitest-async-debug <command>`: run (and watch) Vitest with the plugin's flags, doctor, report, merge.
 * Exit codes: 2 for wrong use of the command line, 1 for bad input or failed checks, else Vitest's own.
 */
import { readFileSync } from 'node:fs'
import pc from 'picocolors'
import { PLUGIN_NAME } from '../shared/constants.js'
import { didYouMean } from './did-you-mean.js'
import { createProgram, type CommandResult } from './program.js'
import { ReportInputError } from '../report/read-report.js'
import { InputError, UsageError } from './usage-error.js'

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version

function commandUsage(program: ReturnType<typeof createProgram>, name: string | undefined): void {
  const command = program.commands.find(candidate => candidate.name === name)
  // cac prints help with console.info, to stdout; a usage error goes to stderr with it.
  // eslint-disable-next-line no-console
  const info = console.info
  // eslint-disable-next-line no-console
  console.info = (text: string) => process.stderr.write(`${text}\n`)
  try {
    if (command) {
      command.outputHelp()
    }
    else {
      program.outputHelp()
    }
  }
  finally {
    // eslint-disable-next-line no-console
    console.info = info
  }
}

function usageError(program: ReturnType<typeof createProgram>, message: string, command: string | undefined): number {
  process.stderr.write(`${pc.red(`${PLUGIN_NAME}${command ? ` ${command}` : ''}:`)} ${message}\n\n`)
  commandUsage(program, command)
  return 2
}

/** cac's own messages ("Unknown option `--jsn`") in our words, with the closest flag of that command. */
function fromCacError(program: ReturnType<typeof createProgram>, error: Error, command: string | undefined): string {
  const unknown = /^Unknown option `(.+)`$/.exec(error.message)?.[1]
  if (unknown) {
    const flags = program.commands.find(candidate => candidate.name === command)?.options.flatMap(option => option.names.map(name => name.length === 1 ? `-${name}` : `--${name}`)) ?? []
    return `unknown option ${unknown}.${didYouMean(unknown, [...flags, '--help'])}`
  }
  const missingValue = /^option `(.+)` value is missing$/.exec(error.message)?.[1]
  if (missingValue) {
    return `${missingValue.replace(/ .*/, '')} needs a value, e.g. ${missingValue}`
  }
  if (error.message.startsWith('missing required args')) {
    return 'missing argument: which reports to merge (the report.json of each shard)'
  }
  return error.message
}

async function main(argv: string[]): Promise<number | undefined> {
  const commandIndex = argv.findIndex(argument => !argument.startsWith('-'))
  const program = createProgram(version, () => argv.slice(commandIndex))
  let parsed: ReturnType<typeof program.parse>
  try {
    parsed = program.parse(['node', PLUGIN_NAME, ...argv], { run: false })
  }
  catch (error) {
    return usageError(program, (error as Error).message, undefined)
  }
  const command = program.matchedCommandName
  if (program.options.help || (program.options.version && command === undefined)) {
    return 0
  }
  if (command === undefined) {
    const [word] = parsed.args
    if (word === undefined && argv.length === 0) {
      program.outputHelp()
      return 0
    }
    if (word === undefined) {
      return usageError(program, `unknown option ${argv[0]}: the command comes first (${program.commands.map(candidate => candidate.name).join(', ')}).`, undefined)
    }
    return usageError(program, `unknown command "${word}".${didYouMean(String(word), program.commands.map(candidate => candidate.name))}`, undefined)
  }
  try {
    return await (program.runMatchedCommand() as Promise<CommandResult>)
  }
  catch (error) {
    if (error instanceof UsageError) {
      return usageError(program, error.message, command)
    }
    if (error instanceof InputError || error instanceof ReportInputError) {
      process.stderr.write(`${pc.red(`${PLUGIN_NAME} ${command}:`)} ${error.message}\n`)
      return 1
    }
    if ((error as Error).name === 'CACError') {
      return usageError(program, fromCacError(program, error as Error, command), command)
    }
    throw error
  }
}

const exitCode = await main(process.argv.slice(2))
if (exitCode !== undefined) {
  process.exitCode = exitCode
}
