import type { TestProject, Vitest, VitestPluginContext } from 'vitest/node'
import type { WorkerOptions } from '../shared/worker-options.js'
import type { ResolvedOptions } from './options.js'
import { WORKER_OPTIONS_KEY } from '../shared/constants.js'
import { AsyncDebugReporter } from '../report/reporter.js'
import { workerEntryPath } from './paths.js'

const reporterByVitest = new WeakMap<Vitest, AsyncDebugReporter>()
const instrumentedProjects = new WeakSet<TestProject>()

function instrumentProject(project: TestProject, vitest: Vitest, options: ResolvedOptions, reporter: AsyncDebugReporter): void {
  if (instrumentedProjects.has(project)) {
    return
  }
  instrumentedProjects.add(project)
  if (project.config.browser?.enabled) {
    reporter.noteUninstrumentedProject(project.name, 'browser mode has no async_hooks; sessions are not tracked there')
    return
  }
  project.config.setupFiles.unshift(workerEntryPath('setup'))
  const workerOptions: WorkerOptions = {
    root: vitest.config.root,
    pool: project.config.pool,
    maxEventsPerSession: options.maxEventsPerSession,
    leaks: options.leaks,
    stackCapture: options.stackCapture,
    maxOperationsPerSession: options.maxOperationsPerSession,
    ignoreKinds: [...options.ignoreKinds],
    ignorePaths: [...options.ignorePaths],
  }
  project.provide(WORKER_OPTIONS_KEY as never, workerOptions as never)
}

/**
 * Wires the plugin into one Vitest instance. Called once per project that lists the plugin; the
 * reporter is added once per instance, the worker setup once per project.
 */
export function configureAsyncDebug({ vitest, project }: VitestPluginContext, options: ResolvedOptions): void {
  let reporter = reporterByVitest.get(vitest)
  if (!reporter) {
    reporter = new AsyncDebugReporter(options)
    reporterByVitest.set(vitest, reporter)
    vitest.config.reporters.push(reporter as never)
  }
  instrumentProject(project, vitest, options, reporter)
}
