import type { PluginFault } from '../shared/session.js'
import { describeThrown } from './thrown-value.js'
import { workerState } from './worker-state.js'

const maxFaultsPerWorker = 20
let recorded = 0

/**
 * Keeps an error of the plugin's own code out of the test it happened in, and on the record: the report
 * and the terminal block say first that the plugin failed. Never throws.
 */
export function recordPluginFault(activity: string, error: unknown): void {
  try {
    if (recorded >= maxFaultsPerWorker) {
      return
    }
    recorded++
    const state = workerState()
    const session = state.storage.getStore()?.session ?? null
    const fault: PluginFault = { while: activity, error: describeFault(error), test: session?.ref() ?? null }
    if (state.currentFileMeta) {
      (state.currentFileMeta.pluginFaults ??= []).push(fault)
    }
    else {
      state.unfiledPluginFaults.push(fault)
    }
  }
  catch {}
}

/** The error, even when reading its stack throws too (a broken `Error.prepareStackTrace` is one cause). */
function describeFault(error: unknown): PluginFault['error'] {
  try {
    return describeThrown(error)
  }
  catch {
    const { name, message } = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown, message?: unknown }
    return { name: typeof name === 'string' ? name : 'Error', message: String(message ?? error), stack: null }
  }
}

/** Runs plugin work that sits in the path of user code; if it throws, the user's call goes on without it. */
export function guarded<R>(activity: string, work: () => R, fallback: R): R {
  try {
    return work()
  }
  catch (error) {
    recordPluginFault(activity, error)
    return fallback
  }
}
