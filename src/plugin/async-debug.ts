import type { Plugin, TestUserConfig } from 'vitest/config'
import type { AsyncDebugOptions } from './options.js'
import type { ResolvedOptions } from './options.js'
import { readFileSync } from 'node:fs'
import { dirname, sep } from 'node:path'
import { DOCTOR_ENV, PLUGIN_NAME, RERUN_ENV } from '../shared/constants.js'
import { resolveOptions } from './options.js'
import { workerEntryPath } from './paths.js'

/**
 * The Vitest plugin: every test attempt runs in a tracked session, unhandled errors are attributed
 * to the test that caused them, and a JSON report is written after each run.
 *
 * @example
 * // vitest.config.ts
 * export default defineConfig({ plugins: [asyncDebug()] })
 */
/** In the process that re-runs a timed-out test: capture every promise's stack, report to the given file, stay quiet (no annotations, no step summary either). */
function rerunOverrides(options: ResolvedOptions): ResolvedOptions {
  const rerun = process.env[RERUN_ENV]
  if (!rerun) {
    return options
  }
  const { reportFile } = JSON.parse(rerun) as { reportFile: string }
  return { ...options, stackCapture: 'full', reportFile, terminal: false, timeoutReruns: 0, debugServer: false, debugOnFail: false, htmlReport: false, dashboard: false, ci: { github: false } }
}

/** What the plugin shows other tools as Vite's `plugin.api` (`vitest-async-debug doctor` reads it). */
export interface AsyncDebugPluginApi {
  options: ResolvedOptions
}

type StackFilter = NonNullable<TestUserConfig['onStackTrace']>

/** The plugin's own frames (its hooks run around every test) stay out of the stacks Vitest prints. */
function withoutPluginFrames(userFilter: StackFilter | undefined): StackFilter {
  const ownCode = `${dirname(dirname(workerEntryPath('setup')))}${sep}`
  return (error, frame) => frame.file.startsWith(ownCode) ? false : userFilter?.(error, frame)
}

export function asyncDebug(options?: AsyncDebugOptions): Plugin {
  const resolved = rerunOverrides(resolveOptions(options))
  const api: AsyncDebugPluginApi = { options: resolved }
  if (!resolved.enabled) {
    return { name: PLUGIN_NAME, api }
  }
  const setupFile = workerEntryPath('setup')
  return {
    name: PLUGIN_NAME,
    api,
    // Added before Vitest resolves the config, so Vitest inlines the setup file and runs it for every
    // test file, also when the package is in node_modules and a worker runs several files.
    config: userConfig => ({
      test: { setupFiles: [setupFile], onStackTrace: withoutPluginFrames(userConfig.test?.onStackTrace) },
    }),
    // Served by the plugin itself: in the jsdom and happy-dom environments Vite loads files through its
    // client rules, which refuse a file outside `server.fs.allow` (a linked package, a node_modules
    // folder above the project's workspace root).
    load: id => id.split('?')[0] === setupFile ? readFileSync(setupFile, 'utf8') : null,
    async configureVitest(context) {
      if (process.env[DOCTOR_ENV]) {
        return
      }
      // Loaded here: test files import this module for the helpers, and the reporter side pulls in vitest/node.
      const { configureAsyncDebug } = await import('./configure.js')
      await configureAsyncDebug(context, resolved)
    },
  }
}
