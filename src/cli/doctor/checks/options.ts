import type { ResolvedOptions } from '../../../plugin/options.js'
import type { DoctorCheck } from '../check.js'
import { assertHostListenable } from '../../../debug/host-check.js'
import { resolveOptions } from '../../../plugin/options.js'
import { PLUGIN_NAME } from '../../../shared/constants.js'

const title = 'Plugin options'

/** Where the options the other checks use come from. */
export type OptionsSource =
  | { kind: 'plugin', options: ResolvedOptions }
  /** A copy of the plugin too old to show its options: it accepted them. */
  | { kind: 'hidden' }
  | { kind: 'absent' }
  /** The plugin threw while the config loaded: its message. */
  | { kind: 'refused', message: string }

/** The options in force: those of the plugin that instruments the first project (the run's reporter uses them). */
export function optionsInForce(source: OptionsSource): ResolvedOptions {
  return source.kind === 'plugin' ? source.options : resolveOptions(undefined)
}

function givenOptions(options: ResolvedOptions): string[] {
  const defaults = resolveOptions(undefined) as Record<string, unknown>
  return Object.entries(options)
    .filter(([name, value]) => JSON.stringify(value) !== JSON.stringify(defaults[name]))
    .map(([name, value]) => `${name}: ${JSON.stringify(value)}`)
}

export async function checkOptions(source: OptionsSource, configFile: string): Promise<DoctorCheck> {
  if (source.kind === 'refused') {
    return {
      id: 'options',
      status: 'fail',
      title,
      detail: `the config did not load: ${source.message}`,
      fix: `Correct asyncDebug({ … }) in ${configFile} as the message says (every option: docs/configuration.md of ${PLUGIN_NAME}).`,
    }
  }
  if (source.kind === 'absent') {
    return { id: 'options', status: 'pass', title, detail: 'no asyncDebug() in the config: the checks below assume its default options' }
  }
  if (source.kind === 'hidden') {
    return { id: 'options', status: 'pass', title, detail: `asyncDebug() accepted its options (this copy of ${PLUGIN_NAME} does not show them: the checks below assume the defaults)` }
  }
  const { debugServer } = source.options
  if (typeof debugServer === 'object' && debugServer.host !== undefined) {
    try {
      await assertHostListenable(debugServer.host)
    }
    catch (error) {
      return { id: 'options', status: 'fail', title, detail: (error as Error).message, fix: `Set debugServer.host in ${configFile} to an address of this machine.` }
    }
  }
  const given = givenOptions(source.options)
  return { id: 'options', status: 'pass', title, detail: given.length === 0 ? 'valid: all defaults' : `valid: ${given.join(', ')}; the rest are defaults` }
}
