#!/usr/bin/env node
/**
 * `vitest-async-debug run [--debug-on-fail] [vitest options and filters]`: runs `vitest run` in this
 * process with the plugin's own flags, which Vitest's parser would reject.
 */
import { readFileSync } from 'node:fs'
import { parseRunArguments, usage } from './arguments.js'

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version

async function main(argv: string[]): Promise<void> {
  const parsed = parseRunArguments(argv)
  if (parsed.kind === 'help') {
    process.stdout.write(usage)
    return
  }
  if (parsed.kind === 'version') {
    process.stdout.write(`vitest-async-debug ${version}\n`)
    return
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`vitest-async-debug: ${parsed.message}\n\n${usage}`)
    process.exitCode = 2
    return
  }
  // The plugin reads its own flags from process.argv, where they already are.
  const { parseCLI, startVitest, version: vitestVersion } = await import('vitest/node')
  const { filter, options } = parseCLI(['vitest', 'run', ...parsed.vitestArguments])
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

await main(process.argv.slice(2))
