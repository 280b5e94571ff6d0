import type { DoctorCheck, DoctorResult } from './check.js'
import type { ConfigFacts, ConfigLoad } from './load-config.js'
import type { OptionsSource } from './checks/options.js'
import { statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { relative, resolve } from 'node:path'
import { PLUGIN_NAME } from '../../shared/constants.js'
import { passed } from './check.js'
import { checkAsyncContext, probeAsyncContext } from './checks/async-context.js'
import { checkBrowserMode } from './checks/browser-mode.js'
import { checkCi } from './checks/ci.js'
import { checkConfig } from './checks/config.js'
import { checkInspector, probeInspector } from './checks/inspector.js'
import { checkInspectorFlags } from './checks/inspector-flags.js'
import { checkNodeVersion } from './checks/node-version.js'
import { checkOptions, optionsInForce } from './checks/options.js'
import { checkPorts, plannedPorts } from './checks/ports.js'
import { checkProjectsInstrumented } from './checks/projects-instrumented.js'
import { checkReportFolder } from './checks/report-folder.js'
import { checkVitestVersion } from './checks/vitest-version.js'
import { loadConfig } from './load-config.js'
import { readPluginRequirements } from './package-facts.js'
import { renderJson } from './render-json.js'
import { renderText } from './render-text.js'
import { findVitest } from './vitest-install.js'

export interface DoctorOptions {
  /** The Vitest root to check; relative to the current folder. */
  root: string
  /** Print one versioned JSON document instead of the text. */
  json: boolean
}

export interface DoctorOutput {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
}

function optionsSource(load: ConfigLoad | null): OptionsSource {
  if (load?.status === 'failed') {
    return load.optionsError ? { kind: 'refused', message: load.optionsError } : { kind: 'absent' }
  }
  const plugin = load?.config.projects.find(project => !project.browser && project.plugins.length > 0)?.plugins[0]
  if (!plugin) {
    return { kind: 'absent' }
  }
  return plugin.options ? { kind: 'plugin', options: plugin.options } : { kind: 'hidden' }
}

/** The most workers any Node.js project runs at once, as Vitest counts them in `vitest run`. */
function mostWorkers(config: ConfigFacts): number {
  const byDefault = Math.max(availableParallelism() - 1, 1)
  const counts = config.projects.filter(project => !project.browser).map(project => project.maxWorkers || config.maxWorkers || byDefault)
  return Math.max(1, ...counts)
}

/** A check that throws becomes a failed check that says so, and the others still run. */
async function guarded(id: string, title: string, check: () => DoctorCheck | Promise<DoctorCheck>): Promise<DoctorCheck> {
  try {
    return await check()
  }
  catch (error) {
    return { id, status: 'fail', title, detail: `the doctor could not check this: ${(error as Error).message}`, fix: `Please report it, with this output, to the ${PLUGIN_NAME} issues.` }
  }
}

/** Runs every check on the project at `root` (absolute, an existing folder). */
export async function diagnose(root: string, env: NodeJS.ProcessEnv, today = new Date()): Promise<DoctorResult> {
  const requirements = readPluginRequirements()
  const vitest = findVitest(root)
  const load = vitest ? await loadConfig(root, vitest) : null
  const config = load?.status === 'loaded' ? load.config : null
  const source = optionsSource(load)
  const options = optionsInForce(source)
  const configFile = config?.configFile ? relative(root, config.configFile) : 'your Vitest config'
  const checks: Promise<DoctorCheck>[] = [
    guarded('node-version', 'Node.js version', () => checkNodeVersion({ node: process.version, plugin: requirements, vitest, today })),
    guarded('vitest-version', 'Vitest version', () => checkVitestVersion(vitest, requirements, root)),
  ]
  if (load && !(load.status === 'failed' && load.optionsError)) {
    checks.push(guarded('config', 'Vitest config', () => checkConfig(load, root)))
  }
  if (config) {
    checks.push(guarded('projects-instrumented', 'Plugin in every project', () => checkProjectsInstrumented(config, root)))
  }
  if (config || source.kind === 'refused') {
    checks.push(guarded('options', 'Plugin options', () => checkOptions(source, configFile)))
  }
  if (config) {
    checks.push(guarded('browser-mode', 'Browser mode', () => checkBrowserMode(config)))
  }
  checks.push(
    guarded('inspector-flags', 'Inspector flags', () => checkInspectorFlags(env, config)),
    guarded('async-context', 'Async context', async () => checkAsyncContext(await probeAsyncContext(), options.stackCapture, config?.projects ?? [])),
    guarded('inspector', 'Inspector', async () => checkInspector(await probeInspector(), options)),
  )
  if (config) {
    checks.push(
      guarded('ports', 'Debug ports', () => checkPorts(plannedPorts(options, mostWorkers(config)))),
      guarded('report-folder-writable', 'Report folder', () => checkReportFolder(options, root)),
    )
  }
  checks.push(guarded('ci', 'CI', () => checkCi(options, env)))
  const notChecked = config
    ? null
    : {
        because: load ? 'the config did not load' : 'Vitest cannot be imported',
        titles: [...load ? [] : ['Vitest config'], ...source.kind === 'refused' ? [] : ['Plugin options'], 'Plugin in every project', 'Browser mode', 'Debug ports', 'Report folder'],
      }
  return { root, checks: await Promise.all(checks), notChecked }
}

function rootProblem(root: string): string | null {
  try {
    return statSync(root).isDirectory() ? null : `--root ${root} is not a folder`
  }
  catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return code === 'ENOENT' ? `--root ${root} does not exist` : `--root ${root} cannot be read (${code ?? (error as Error).message})`
  }
}

/**
 * `vitest-async-debug doctor`: whether Node.js, Vitest, the config and this machine are ready for the
 * plugin. Returns the exit code: 0 when no check fails (warnings allowed), 1 when one does, 2 when
 * `root` is not a folder (nothing was checked).
 */
export async function runDoctor(options: DoctorOptions, output: DoctorOutput): Promise<number> {
  const root = resolve(options.root)
  const problem = rootProblem(root)
  if (problem) {
    output.stderr.write(`${PLUGIN_NAME} doctor: ${problem}\n`)
    return 2
  }
  const result = await diagnose(root, process.env)
  output.stdout.write(options.json ? renderJson(result) : renderText(result))
  return passed(result) ? 0 : 1
}
