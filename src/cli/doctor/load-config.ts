import type { TestProject, Vitest } from 'vitest/node'
import type { AsyncDebugPluginApi } from '../../plugin/async-debug.js'
import type { ResolvedOptions } from '../../plugin/options.js'
import type { VitestInstall } from './vitest-install.js'
import { Writable } from 'node:stream'
import { pathToFileURL } from 'node:url'
import { stripVTControlCharacters } from 'node:util'
import { DOCTOR_ENV, PLUGIN_NAME } from '../../shared/constants.js'
import { withOutputCaptured } from './captured-output.js'

/** One asyncDebug() in a project's resolved plugins. */
export interface PluginInstance {
  /** Null for a copy of the plugin too old to show its options. */
  options: ResolvedOptions | null
}

export interface ProjectFacts {
  /** '' for the one project of a config without `projects`. */
  name: string
  /** Each distinct asyncDebug() among the project's plugins, in order. */
  plugins: PluginInstance[]
  browser: boolean
  execArgv: readonly string[]
  maxWorkers: number | undefined
}

/** What the doctor needs from a resolved Vitest config; read before the Vitest instance is closed. */
export interface ConfigFacts {
  /** Absolute path, or undefined when Vitest found no config file. */
  configFile: string | undefined
  projects: ProjectFacts[]
  /** Vitest's own `inspect` / `inspectBrk`. */
  inspector: { enabled: boolean, waitForDebugger: boolean }
  maxWorkers: number | undefined
}

export type ConfigLoad =
  | { status: 'loaded', config: ConfigFacts }
  /** `optionsError`: the plugin refused its options (their message); otherwise Vitest's message. */
  | { status: 'failed', message: string, optionsError: string | null }

type VitestNode = typeof import('vitest/node')

/** No test file matches it: Vitest 5 then starts no browser for a browser-mode project while it resolves the config. */
const NO_TEST_FILE = '\0vitest-async-debug-doctor'

function pluginInstances(project: TestProject): PluginInstance[] {
  const ours = new Set(project.vite.config.plugins.filter(plugin => plugin.name === PLUGIN_NAME))
  return [...ours].map(plugin => ({ options: (plugin.api as Partial<AsyncDebugPluginApi> | undefined)?.options ?? null }))
}

function factsOf(vitest: Vitest): ConfigFacts {
  return {
    configFile: vitest.vite.config.configFile,
    projects: vitest.projects.map(project => ({
      name: project.name,
      plugins: pluginInstances(project),
      browser: project.config.browser?.enabled === true,
      execArgv: [...project.config.execArgv ?? []],
      maxWorkers: project.config.maxWorkers,
    })),
    inspector: { enabled: vitest.config.inspector?.enabled === true, waitForDebugger: vitest.config.inspector?.waitForDebugger === true },
    maxWorkers: vitest.config.maxWorkers,
  }
}

function errorsIn(error: unknown): unknown[] {
  const found = [error]
  for (let index = 0; index < found.length && index < 20; index++) {
    const current = found[index] as { cause?: unknown, errors?: unknown } | null
    if (current && typeof current === 'object') {
      if (current.cause !== undefined) {
        found.push(current.cause)
      }
      if (Array.isArray(current.errors)) {
        found.push(...current.errors)
      }
    }
  }
  return found
}

/** The plugin's own error, by its code: the copy of the plugin the config imported may not be this one. */
function optionsErrorIn(error: unknown): string | null {
  const ours = errorsIn(error).find(candidate => typeof (candidate as { code?: unknown } | null)?.code === 'string' && (candidate as { code: string }).code.startsWith('ASYNC_DEBUG_'))
  return ours ? (ours as Error).message : null
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error)
  }
  const message = stripVTControlCharacters(error.message).trim()
  // "Failed to initialize projects. … See below": what is below is in `errors`.
  const inner = error instanceof AggregateError ? error.errors.map(messageOf).filter(text => !message.includes(text)) : []
  return [message, ...inner].join('\n')
}

/**
 * Loads the Vitest config at `root` as `vitest run` would, with the Vitest installed there, and reads the
 * resolved projects. Starts no test run; the plugin starts nothing either (DOCTOR_ENV); prints nothing.
 */
export async function loadConfig(root: string, install: VitestInstall): Promise<ConfigLoad> {
  let createVitest: VitestNode['createVitest']
  try {
    ({ createVitest } = await import(pathToFileURL(install.nodeEntry).href) as VitestNode)
  }
  catch (error) {
    return { status: 'failed', message: `${install.nodeEntry} does not load: ${messageOf(error)}`, optionsError: null }
  }
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() })
  const previousDoctorEnv = process.env[DOCTOR_ENV]
  const previousExitCode = process.exitCode
  process.env[DOCTOR_ENV] = '1'
  try {
    const { result } = await withOutputCaptured(async (): Promise<ConfigLoad> => {
      let vitest: Vitest | undefined
      try {
        // The mode-first form: Vitest 4.1's, and still accepted (deprecated) by Vitest 5.
        vitest = await createVitest('test', { root, watch: false, run: true }, {}, { stdout: discard, stderr: discard, cliFilters: [NO_TEST_FILE] } as never)
        return { status: 'loaded', config: factsOf(vitest) }
      }
      catch (error) {
        return { status: 'failed', message: messageOf(error), optionsError: optionsErrorIn(error) }
      }
      finally {
        // A close that fails changes nothing the doctor reports.
        await vitest?.close().catch(() => {})
      }
    })
    return result
  }
  finally {
    if (previousDoctorEnv === undefined) {
      delete process.env[DOCTOR_ENV]
    }
    else {
      process.env[DOCTOR_ENV] = previousDoctorEnv
    }
    process.exitCode = previousExitCode
  }
}

/** `project "api"`, or `the project` for the one unnamed project of a config without `projects`. */
export function projectLabel(project: Pick<ProjectFacts, 'name'>): string {
  return project.name ? `project "${project.name}"` : 'the project'
}
