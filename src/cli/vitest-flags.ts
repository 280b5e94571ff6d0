import { didYouMean } from './did-you-mean.js'
import { ownFlags } from './own-flags.js'
import { UsageError } from './usage-error.js'

type ParseCli = typeof import('vitest/node').parseCLI

function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())
}

/**
 * The flags Vitest's own CLI accepts, read from its `--help --expand-help` text: `parseCLI` accepts any
 * flag, while `vitest run` refuses unknown ones, and the list itself is not exported.
 */
export function vitestFlags(parseCLI: ParseCli): string[] {
  const savedArgv = process.argv
  const { log, info } = console
  let help = ''
  const capture = (text: unknown): void => { help += `${String(text)}\n` }
  // Its help reads process.argv; cac prints with console.log or console.info, depending on its version.
  process.argv = [savedArgv[0]!, 'vitest', '--help', '--expand-help']
  Object.assign(console, { log: capture, info: capture })
  try {
    parseCLI(['vitest', '--help', '--expand-help'])
  }
  finally {
    process.argv = savedArgv
    Object.assign(console, { log, info })
  }
  return [...help.matchAll(/^ {2}(?:(-\w), )?(--[\w.-]+)/gm)].flatMap(([, short, long]) => short ? [short, long!] : [long!])
}

function isKnown(flag: string, known: ReadonlySet<string>): boolean {
  const name = flag.startsWith('--no-') ? `--${flag.slice(5)}` : flag
  const candidates = [name, `--${camelCase(name.slice(2))}`]
  return candidates.some(candidate => known.has(candidate) || known.has(candidate.split('.', 1)[0]!))
}

/** The first flag in the arguments that is none of `flags` (in any of Vitest's spellings), with the closest one. */
export function unknownFlag(vitestArguments: readonly string[], flags: readonly string[]): string | undefined {
  const known = new Set(flags.map(flag => flag.startsWith('--') ? `--${camelCase(flag.slice(2))}` : flag))
  for (const argument of vitestArguments) {
    if (argument === '--') {
      return undefined
    }
    if (!argument.startsWith('-') || /^-\d/.test(argument)) {
      continue
    }
    const flag = argument.split('=', 1)[0]!
    const shortGroup = /^-[a-zA-Z]{2,}$/.test(flag)
    if (!shortGroup && !isKnown(flag, known)) {
      return `unknown option ${flag} (neither Vitest nor vitest-async-debug has it).${didYouMean(flag, [...ownFlags, ...flags])}`
    }
  }
  return undefined
}

/** Refuses a flag neither Vitest nor the plugin knows, as `vitest run` would. */
export function checkVitestFlags(vitestArguments: readonly string[], parseCLI: ParseCli): void {
  const flags = vitestFlags(parseCLI)
  const problem = flags.length === 0 ? undefined : unknownFlag(vitestArguments, flags)
  if (problem) {
    throw new UsageError(problem)
  }
}
