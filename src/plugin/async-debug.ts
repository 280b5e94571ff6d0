import type { Plugin } from 'vitest/config'
import type { AsyncDebugOptions } from './options.js'
import { PLUGIN_NAME } from '../shared/constants.js'
import { configureAsyncDebug } from './configure.js'
import { resolveOptions } from './options.js'

/**
 * The Vitest plugin: every test attempt runs in a tracked session, unhandled errors are attributed
 * to the test that caused them, and a JSON report is written after each run.
 *
 * @example
 * // vitest.config.ts
 * export default defineConfig({ plugins: [asyncDebug()] })
 */
export function asyncDebug(options?: AsyncDebugOptions): Plugin {
  const resolved = resolveOptions(options)
  if (!resolved.enabled) {
    return { name: PLUGIN_NAME }
  }
  return {
    name: PLUGIN_NAME,
    configureVitest(context) {
      configureAsyncDebug(context, resolved)
    },
  }
}
