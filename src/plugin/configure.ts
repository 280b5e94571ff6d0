import type { TestProject, Vitest, VitestPluginContext } from 'vitest/node'
import type { DebugServices } from '../debug/debug-services.js'
import type { Dashboard } from '../dashboard/server/dashboard.js'
import type { WorkerOptions } from '../shared/worker-options.js'
import type { ResolvedOptions } from './options.js'
import { DEFAULT_BLOCKING } from './options.js'
import pc from 'picocolors'
import { DEFAULT_WAIT_TIMEOUT_MS, resolveDebugSettings } from '../debug/debug-settings.js'
import { join } from 'node:path'
import { PLUGIN_NAME, SHOW_LOCALS_FLAG, STATE_FOLDER, WORKER_OPTIONS_KEY } from '../shared/constants.js'
import { AsyncDebugReporter } from '../report/reporter.js'
import { workerEntryPath } from './paths.js'
import { MONITOR_INTERVAL_MS } from '../shared/monitor.js'
import { resolveDashboardPort } from '../dashboard/server/dashboard-settings.js'
import { pluginLog } from '../report/terminal-stream.js'

const reporterByVitest = new WeakMap<Vitest, AsyncDebugReporter>()
const debugServicesByVitest = new WeakMap<Vitest, Promise<DebugServices | null>>()
const dashboardByVitest = new WeakMap<Vitest, Promise<Dashboard | null>>()
/** Keeps Node from printing "Debugger listening on …" for every worker; the registry prints one line per worker instead. */
const QUIET_INSPECTOR_FLAG = '--inspect-publish-uid=http'
const instrumentedProjects = new WeakSet<TestProject>()

function instrumentProject(project: TestProject, vitest: Vitest, options: ResolvedOptions, reporter: AsyncDebugReporter, debug: DebugServices | null, dashboard: Dashboard | null): void {
  if (instrumentedProjects.has(project)) {
    return
  }
  instrumentedProjects.add(project)
  if (project.config.browser?.enabled) {
    reporter.noteUninstrumentedProject(project.name, 'browser mode has no async_hooks; sessions are not tracked there')
    return
  }
  // First, and once: the config hook added it where Vitest saw it (inherited by projects that extend
  // the root config, possibly twice); a project that did not see the hook gets it here.
  const setup = workerEntryPath('setup')
  const userSetupFiles = project.config.setupFiles.filter(file => file !== setup)
  project.config.setupFiles.splice(0, project.config.setupFiles.length, setup, ...userSetupFiles)
  const workerOptions: WorkerOptions = {
    root: vitest.config.root,
    pool: project.config.pool,
    maxEventsPerSession: options.maxEventsPerSession,
    leaks: options.leaks,
    stackCapture: options.stackCapture,
    maxOperationsPerSession: options.maxOperationsPerSession,
    ignoreKinds: [...options.ignoreKinds],
    ignorePaths: [...options.ignorePaths],
    debugServer: debug?.settings.server
      ? { host: debug.settings.server.host, basePort: debug.settings.server.basePort, project: project.name, hub: debug.hubAddress, dap: debug.settings.server.dap ? { readyTimeout: debug.settings.server.dap.waitForClient ? DAP_CLIENT_WAIT_MS : DAP_READY_TIMEOUT_MS } : null }
      : null,
    debugOnFail: workerDebugOnFail(debug),
    monitor: dashboard ? { address: dashboard.monitorAddress, project: project.name, intervalMs: MONITOR_INTERVAL_MS } : null,
    locals: options.locals || process.argv.includes(SHOW_LOCALS_FLAG) ? { maxBytes: LOCALS_MAX_BYTES } : null,
    blocking: workerBlocking(options.blocking),
  }
  if (debug) {
    // A new array: Vitest shares the resolved one between projects.
    project.config.execArgv = [...project.config.execArgv, QUIET_INSPECTOR_FLAG]
  }
  project.provide(WORKER_OPTIONS_KEY as never, workerOptions as never)
}

/** The text of one test's locals in the report: a few kB, as a terminal block can show. */
const LOCALS_MAX_BYTES = 4096

function workerBlocking(blocking: ResolvedOptions['blocking']): WorkerOptions['blocking'] {
  if (blocking === false) {
    return null
  }
  return { ...DEFAULT_BLOCKING, ...blocking === true ? {} : blocking }
}

/** How long a worker waits for the DAP gateway to set its breakpoints, and (`--dap-wait`) for the first client to set them. */
const DAP_READY_TIMEOUT_MS = 10_000
const DAP_CLIENT_WAIT_MS = 300_000

/** `--debug-on-fail` pauses every final failure; with the DAP gateway a worker asks whether a client wants the stop. */
function workerDebugOnFail(debug: DebugServices | null): WorkerOptions['debugOnFail'] {
  const onFail = debug?.settings.onFail
  if (onFail) {
    return { waitTimeout: onFail.waitTimeout, always: true }
  }
  return debug?.settings.server?.dap ? { waitTimeout: DEFAULT_WAIT_TIMEOUT_MS, always: false } : null
}

/** Null when neither debug servers nor debug-on-fail are wanted. Their code (and `ws`) loads only when they are. */
async function startDebugServices(vitest: Vitest, options: ResolvedOptions): Promise<DebugServices | null> {
  const settings = resolveDebugSettings(options, process.argv, process.env)
  for (const notice of settings.notices) {
    pluginLog(vitest)(`${pc.yellow(PLUGIN_NAME)}: ${notice}`)
  }
  const { server } = settings
  if (!server) {
    return null
  }
  const { assertHostListenable } = await import('../debug/host-check.js')
  await assertHostListenable(server.host)
  const { DebugServices } = await import('../debug/debug-services.js')
  return DebugServices.start(vitest, { ...settings, server })
}

/** Null unless asked for; its code loads only when it is. One printed line and `servers.json` give its URL. */
async function startDashboard(vitest: Vitest, options: ResolvedOptions, reporter: AsyncDebugReporter, debug: DebugServices | null): Promise<Dashboard | null> {
  const preferredPort = resolveDashboardPort(options.dashboard, process.argv)
  if (preferredPort === null) {
    return null
  }
  const { Dashboard } = await import('../dashboard/server/dashboard.js')
  const dashboard = await Dashboard.start(vitest, { preferredPort, editorLink: options.editorLink }, reporter, () => debug?.registry.servers() ?? [])
  // servers.json first: whoever reads the printed line may look for the file next.
  if (debug) {
    debug.registry.showDashboard(dashboard.url)
  }
  else {
    const { writeServersFile } = await import('../debug/server-registry.js')
    writeServersFile(join(vitest.config.root, STATE_FOLDER, 'servers.json'), { dashboard: { url: dashboard.url }, servers: [] })
  }
  const taken = dashboard.port === preferredPort ? '' : pc.yellow(` (port ${preferredPort} was taken)`)
  pluginLog(vitest)(`${pc.cyan('dashboard')} ${pc.bold(dashboard.url)}${taken}`)
  return dashboard
}

/** The options of the asyncDebug() instance that instrumented each project: a second instance is ignored. */
const optionsByProject = new WeakMap<TestProject, ResolvedOptions>()
const warnedDuplicates = new WeakSet<Vitest>()

function warnDuplicateOnce(vitest: Vitest, project: TestProject, used: ResolvedOptions, ignored: ResolvedOptions): void {
  if (warnedDuplicates.has(vitest)) {
    return
  }
  warnedDuplicates.add(vitest)
  const where = project.name ? `the plugins of project "${project.name}"` : 'plugins'
  const differences = (Object.keys(ignored) as (keyof ResolvedOptions)[])
    .filter(name => JSON.stringify(ignored[name]) !== JSON.stringify(used[name]))
    .map(name => `${name}: ${JSON.stringify(ignored[name])} (used: ${JSON.stringify(used[name])})`)
  const what = differences.length > 0 ? `and the second one's options are ignored (${differences.join(', ')})` : '(both have the same options)'
  pluginLog(vitest)(`${pc.yellow(PLUGIN_NAME)}: asyncDebug() is listed twice in ${where}: the first one is used ${what}. Remove one.`)
}

/**
 * Wires the plugin into one Vitest instance. Called once per project that lists the plugin; the
 * reporter is added once per instance, the worker setup once per project.
 */
export async function configureAsyncDebug({ vitest, project }: VitestPluginContext, options: ResolvedOptions): Promise<void> {
  const first = optionsByProject.get(project)
  if (first && first !== options) {
    warnDuplicateOnce(vitest, project, first, options)
    return
  }
  optionsByProject.set(project, options)
  let reporter = reporterByVitest.get(vitest)
  if (!reporter) {
    reporter = new AsyncDebugReporter(options)
    reporterByVitest.set(vitest, reporter)
    vitest.config.reporters.push(reporter as never)
  }
  let debug = debugServicesByVitest.get(vitest)
  if (!debug) {
    debug = startDebugServices(vitest, options)
    debugServicesByVitest.set(vitest, debug)
  }
  const services = await debug
  if (services) {
    reporter.listDebugServersFrom(() => ({ workers: services.registry.servers(), dap: services.gateway?.address ?? null }))
  }
  let dashboard = dashboardByVitest.get(vitest)
  if (!dashboard) {
    dashboard = startDashboard(vitest, options, reporter, services)
    dashboardByVitest.set(vitest, dashboard)
  }
  instrumentProject(project, vitest, options, reporter, services, await dashboard)
}
