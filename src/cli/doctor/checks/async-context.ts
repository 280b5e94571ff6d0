import type { StackCapture } from '../../../shared/worker-options.js'
import type { DoctorCheck } from '../check.js'
import type { ProjectFacts } from '../load-config.js'
import { pathToFileURL } from 'node:url'
import { workerEntryPath } from '../../../plugin/paths.js'
import { projectLabel } from '../load-config.js'

const title = 'Async context'

/** What this Node.js offers, by the worker's own probes (src/worker/node-features.ts). */
export interface AsyncContextFeatures {
  /** `createHook({ trackPromises: false })` keeps promises away from the hook (Node.js 24.14+, 25.6+). */
  hooksCanSkipPromises: boolean
  /** AsyncLocalStorage runs on AsyncContextFrame (Node.js 24+ by default). */
  contextFrame: boolean
}

interface NodeFeatures {
  hooksCanSkipPromises: () => boolean
  asyncLocalStorageLeavesNoMarks: () => boolean
}

/** Runs the probes the worker decides with, loaded by path as main-side code must. */
export async function probeAsyncContext(): Promise<AsyncContextFeatures> {
  const features = await import(pathToFileURL(workerEntryPath('node-features')).href) as NodeFeatures
  return { hooksCanSkipPromises: features.hooksCanSkipPromises(), contextFrame: features.asyncLocalStorageLeavesNoMarks() }
}

const contextFrameFlag = /^--(?:no-|experimental-)async-context-frame$/

/**
 * The worker keeps each test's scope with AsyncLocalStorage on AsyncContextFrame when this Node.js has it
 * and its hook can skip promises (src/worker/scope-storage.ts); otherwise on async resources, carried by
 * an `init` hook that sees every promise (src/worker/ledger/tracker.ts).
 */
export function checkAsyncContext(features: AsyncContextFeatures, stackCapture: StackCapture, projects: readonly ProjectFacts[]): DoctorCheck {
  const notes: string[] = []
  if (stackCapture === 'full') {
    notes.push('stackCapture: \'full\' sends every promise through the hook for its creation stack (slow: for investigating)')
  }
  const flagged = projects.filter(project => project.execArgv.some(argument => contextFrameFlag.test(argument)))
  if (flagged.length > 0) {
    notes.push(`${flagged.map(projectLabel).join(', ')} ${flagged.length === 1 ? 'passes' : 'pass'} an async-context-frame flag in execArgv: ${flagged.length === 1 ? 'its' : 'their'} workers may use the other mode`)
  }
  const extra = notes.map(note => `; ${note}`).join('')
  if (features.contextFrame && features.hooksCanSkipPromises) {
    return { id: 'async-context', status: 'pass', title, detail: `AsyncContextFrame: AsyncLocalStorage follows each test across awaits without an async hook, and the hook that tracks handles (timers, sockets, processes) skips promises (trackPromises: false), so an await costs nothing extra${extra}` }
  }
  const why = features.contextFrame
    ? 'this Node.js has AsyncContextFrame, but createHook cannot skip promises before Node.js 24.14 / 25.6'
    : features.hooksCanSkipPromises
      ? 'AsyncLocalStorage is not on AsyncContextFrame here (before Node.js 24, or with --no-async-context-frame)'
      : 'this Node.js has neither AsyncContextFrame nor createHook({ trackPromises: false }) (both from Node.js 24.14 / 25.6)'
  return { id: 'async-context', status: 'pass', title, detail: `async_hooks: each test's scope rides on async resources, and the tracking hook sees every promise to carry it on, since ${why}: every await costs a hook call (Node.js 24.14+ avoids it)${extra}` }
}
