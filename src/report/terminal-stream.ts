import type { Vitest } from 'vitest/node'

/** Vitest's reporters that write output meant for programs. TAP always goes to stdout. */
const machineReadable = new Set(['json', 'junit', 'tap', 'tap-flat'])
/** From Vitest 5 on, these write a file under `.vitest/` unless asked for stdout (`stdout: true`). */
const fileByDefault = new Set(['json', 'junit'])

function outputFileOf(vitest: Vitest, name: string, options: unknown): unknown {
  const own = (options as { outputFile?: unknown } | undefined)?.outputFile
  if (own) {
    return own
  }
  const { outputFile } = vitest.config
  return typeof outputFile === 'string' ? outputFile : outputFile?.[name]
}

function writesToStdout(vitest: Vitest, name: string, options: unknown): boolean {
  if (!machineReadable.has(name) || outputFileOf(vitest, name, options)) {
    return false
  }
  const vitestMajor = Number(vitest.version.split('.')[0])
  return !(vitestMajor >= 5 && fileByDefault.has(name)) || (options as { stdout?: unknown } | undefined)?.stdout === true
}

/** The machine-readable reporters of this run that write to stdout. */
export function stdoutReporters(vitest: Vitest): string[] {
  return vitest.config.reporters.flatMap((reporter) => {
    const [name, options] = Array.isArray(reporter) ? reporter : [reporter, undefined]
    return typeof name === 'string' && writesToStdout(vitest, name, options) ? [name] : []
  })
}

/**
 * Where the plugin prints its lines: Vitest's stdout, or stderr when a reporter writes JSON, JUnit or
 * TAP there (`vitest run --reporter=json > results.json` must stay valid).
 */
export function pluginLog(vitest: Vitest): (text: string) => void {
  return stdoutReporters(vitest).length > 0
    ? text => vitest.logger.error(text)
    : text => vitest.logger.log(text)
}
