import type { DapAddress, DebugServerRecord } from '../shared/debug-server.js'
import type { Reporter, SerializedError, TestModule, TestRunEndReason, TestSpecification, Vitest } from 'vitest/node'
import type { AsyncDebugReport, EnvironmentInfo, RunInfo } from '../shared/report.js'
import type { ResolvedOptions } from '../plugin/options.js'
import type { VitestErrorInput } from './inputs.js'
import type { RerunResult } from './timeout-rerun.js'
import type { UninstrumentedProject } from './environment.js'
import { relative, resolve } from 'node:path'
import pc from 'picocolors'
import { DEFAULT_REPORT_FILE, PLUGIN_NAME } from '../shared/constants.js'
import { readPluginVersion } from '../plugin/paths.js'
import { collectModule, queuedModules } from './collect.js'
import { describeEnvironment } from './environment.js'
import { buildReport } from './model.js'
import { rerunTimedOutTests } from './timeout-rerun.js'
import { formatTerminalSummary } from './terminal.js'
import { reportJson } from './report-json.js'
import { writeTextAtomic } from './write-json.js'
import { pluginLog } from './terminal-stream.js'
import type { WorkerView } from '../shared/page-data.js'
import { htmlReportPath, writeHtmlReport } from './html/write-html.js'
import { progressLine } from './progress-line.js'
import { reportPageData } from './html/report-page-data.js'
import { githubSettings, publishToGitHub } from './github/publish-github.js'

/** From this many tests on, writing the reports shows a progress line on a terminal. */
const LARGE_REPORT_TESTS = 2000

const signalExitCodes: Record<number, string> = { 129: 'SIGHUP', 130: 'SIGINT (Ctrl+C)', 143: 'SIGTERM' }
const signalNames: Partial<Record<NodeJS.Signals, string>> = { SIGHUP: signalExitCodes[129], SIGINT: signalExitCodes[130], SIGTERM: signalExitCodes[143] }

function stoppedBy(signal: string): NonNullable<RunInfo['endedEarly']> {
  return { reason: 'signal', detail: `the run was stopped by ${signal} before it finished` }
}

interface RunEnd {
  interrupted: boolean
  exitCode: number | null
  endedEarly: RunInfo['endedEarly']
}

/** Writes the JSON run report and prints the diagnosis block. Added by the plugin; one per Vitest instance. */
export class AsyncDebugReporter implements Reporter {
  private vitest: Vitest | undefined
  private runStartedAt = new Date()
  private runInProgress = false
  private receivedSignal: string | null = null
  private specifications: ReadonlyArray<TestSpecification> = []
  private readonly uninstrumented: UninstrumentedProject[] = []
  private readonly writeOnExit = (exitCode: number): void => this.finishInterruptedRun(exitCode)
  private readonly noteSignal = (signal: NodeJS.Signals): void => {
    this.receivedSignal = signalNames[signal] ?? signal
  }

  private debugServers: () => { workers: readonly DebugServerRecord[], dap: DapAddress | null } = () => ({ workers: [], dap: null })

  private workerViews: () => WorkerView[] = () => []
  /** The environment as the dashboard's rebuilds show it: checked once per run (one check writes a file). */
  private liveEnvironment: EnvironmentInfo | null = null
  private readonly finishListeners: ((report: AsyncDebugReport) => void)[] = []

  constructor(private readonly options: ResolvedOptions) {}

  /** Where the HTML report reads the workers the dashboard saw, when it is on. */
  listWorkersFrom(list: () => WorkerView[]): void {
    this.workerViews = list
  }

  /** Called with each finished run's report (the dashboard shows it as the final state). */
  onReportFinished(listener: (report: AsyncDebugReport) => void): void {
    this.finishListeners.push(listener)
  }

  /** Where the report reads the workers' debug servers from, when they are on. */
  listDebugServersFrom(list: () => { workers: readonly DebugServerRecord[], dap: DapAddress | null }): void {
    this.debugServers = list
  }

  noteUninstrumentedProject(name: string, reason: string): void {
    this.uninstrumented.push({ name, reason })
  }

  onInit(vitest: Vitest): void {
    this.vitest = vitest
    process.on('exit', this.writeOnExit)
    // Ctrl+C reaches the workers too: one may die first and Vitest then ends the run as if it were complete.
    // Listen only where Vitest already does, so the signal's default action is never taken away.
    const watchedSignals = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).filter(signal => process.listenerCount(signal) > 0)
    watchedSignals.forEach(signal => process.once(signal, this.noteSignal))
    vitest.onClose(() => {
      this.finishUnreportedRun()
      process.off('exit', this.writeOnExit)
      watchedSignals.forEach(signal => process.off(signal, this.noteSignal))
    })
  }

  async onTestRunStart(specifications: ReadonlyArray<TestSpecification>): Promise<void> {
    this.runStartedAt = new Date()
    this.runInProgress = true
    this.liveEnvironment = null
    this.receivedSignal = null
    this.specifications = specifications
    this.specifications = await this.specificationsOfThisShard(specifications)
  }

  async onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): Promise<void> {
    const endedEarly = this.receivedSignal
      ? stoppedBy(this.receivedSignal)
      : reason === 'interrupted' ? this.whyInterrupted(modules) : null
    // Still "in progress" while re-running: Ctrl+C now writes the report without the re-runs.
    const reruns = endedEarly === null && this.vitest && !this.vitest.config.watch && this.options.timeoutReruns > 0
      ? await this.rerunTimedOutTests(this.vitest, modules)
      : new Map<string, RerunResult>()
    if (!this.runInProgress) {
      return
    }
    this.runInProgress = false
    this.finish(modules, errors, { interrupted: endedEarly !== null, exitCode: null, endedEarly }, reruns)
  }

  /** Re-runs are extra: whatever goes wrong in them, the report is still written. */
  private async rerunTimedOutTests(vitest: Vitest, modules: ReadonlyArray<TestModule>): Promise<Map<string, RerunResult>> {
    const progress = progressLine()
    try {
      return await rerunTimedOutTests(vitest, modules, this.options.timeoutReruns, (index, count, test) =>
        progress.update(`${PLUGIN_NAME}: re-running timed-out test ${index + 1} of ${count} with full capture: ${test.fullName}`))
    }
    catch (error) {
      progress.done()
      process.stderr.write(`${PLUGIN_NAME}: could not re-run the timed-out tests (${(error as Error).message}); the report has no re-run results.\n`)
      return new Map()
    }
    finally {
      progress.done()
    }
  }

  /**
   * Vitest calls reporters' `onTestRunEnd` one after the other, and stops at the first that throws (its
   * own default reporter does, for an error whose `stack` is not a string): the run is over, so the
   * report is written when Vitest closes.
   */
  private finishUnreportedRun(): void {
    if (!this.runInProgress || !this.vitest) {
      return
    }
    this.runInProgress = false
    const endedEarly = this.receivedSignal ? stoppedBy(this.receivedSignal) : null
    this.finish(this.vitest.state.getTestModules(), this.vitest.state.getUnhandledErrors(), { interrupted: endedEarly !== null, exitCode: null, endedEarly })
  }

  /** Ctrl+C in `vitest run`, a crash or `process.exit()`: Vitest never calls onTestRunEnd, so write what is known. */
  private finishInterruptedRun(exitCode: number): void {
    if (!this.runInProgress || !this.vitest) {
      return
    }
    this.runInProgress = false
    const signal = signalExitCodes[exitCode]
    const endedEarly: RunInfo['endedEarly'] = signal
      ? stoppedBy(signal)
      : { reason: 'process-exit', detail: `the process exited with code ${exitCode} before the run finished` }
    try {
      this.finish(this.vitest.state.getTestModules(), this.vitest.state.getUnhandledErrors(), { interrupted: true, exitCode, endedEarly })
    }
    catch (error) {
      process.stderr.write(`${PLUGIN_NAME}: could not write the report on exit: ${(error as Error).message}\n`)
    }
  }

  /** Vitest reports every file to onTestRunStart and applies `--shard` later, with its sequencer; so do we. */
  private async specificationsOfThisShard(specifications: ReadonlyArray<TestSpecification>): Promise<ReadonlyArray<TestSpecification>> {
    const vitest = this.vitest
    if (!vitest?.config.shard || specifications.length < vitest.config.shard.count) {
      return specifications
    }
    const Sequencer = vitest.config.sequence.sequencer
    return new Sequencer(vitest).shard([...specifications])
  }

  private whyInterrupted(modules: ReadonlyArray<TestModule>): RunInfo['endedEarly'] {
    const bail = this.vitest?.config.bail ?? 0
    const failed = modules.flatMap(module => [...module.children.allTests('failed')]).length
    if (bail > 0 && failed >= bail) {
      return { reason: 'bail', detail: `bail is ${bail}: the run stopped after ${failed} failed test${failed === 1 ? '' : 's'}` }
    }
    return { reason: 'cancelled', detail: 'the run was cancelled before every test had run' }
  }

  private reportPath(root: string): string | null {
    return this.options.reportFile === false ? null : resolve(root, this.options.reportFile)
  }

  /** The report of the run so far (the dashboard's view); null before Vitest is set up. */
  reportSoFar(): AsyncDebugReport | null {
    const vitest = this.vitest
    if (!vitest) {
      return null
    }
    this.liveEnvironment ??= this.environment(vitest)
    return this.build(vitest, vitest.state.getTestModules(), vitest.state.getUnhandledErrors(), { interrupted: false, exitCode: null, endedEarly: null }, new Map(), this.liveEnvironment)
  }

  private environment(vitest: Vitest): EnvironmentInfo {
    return describeEnvironment(vitest, this.options, readPluginVersion(), this.reportPath(vitest.config.root), this.uninstrumented)
  }

  private build(vitest: Vitest, modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>, end: RunEnd, reruns: ReadonlyMap<string, RerunResult> = new Map(), environment = this.environment(vitest)): AsyncDebugReport {
    const root = vitest.config.root
    const finishedAt = new Date()
    return buildReport({
      root,
      generator: { name: PLUGIN_NAME, version: readPluginVersion() },
      run: {
        startedAt: this.runStartedAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
        durationMs: finishedAt.getTime() - this.runStartedAt.getTime(),
        interrupted: end.interrupted,
        complete: end.endedEarly === null,
        endedEarly: end.endedEarly,
        exitCode: end.exitCode,
        merged: Boolean(vitest.config.mergeReports),
        shard: vitest.config.shard ? { index: vitest.config.shard.index, count: vitest.config.shard.count } : null,
      },
      environment,
      modules: [...modules.map(module => collectModule(module, root, reruns)), ...queuedModules(this.specifications, modules, root)],
      unhandledErrors: errors as VitestErrorInput[],
      failOnLateActivity: this.options.leaks === 'error',
      debugServers: this.debugServers(),
    })
  }

  private finish(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>, end: RunEnd, reruns: ReadonlyMap<string, RerunResult> = new Map()): void {
    const vitest = this.vitest
    if (!vitest) {
      return
    }
    const root = vitest.config.root
    const reportPath = this.reportPath(root)
    const report = this.build(vitest, modules, errors, end, reruns)
    const failsForLateWork = this.options.leaks === 'error' && report.lateActivity.length > 0 && !end.interrupted
    if (failsForLateWork) {
      process.exitCode = 1
    }
    const progress = report.tests.length >= LARGE_REPORT_TESTS ? progressLine() : null
    progress?.update(`${PLUGIN_NAME}: writing the reports of ${report.tests.length.toLocaleString('en-US')} tests`)
    const written = reportPath !== null && this.write(reportPath, report, root)
    const htmlPath = htmlReportPath(this.options, root)
    const htmlWritten = htmlPath !== null && this.writeHtml(htmlPath, report, root)
    progress?.done()
    this.finishListeners.forEach(listener => listener(report))
    if (this.options.terminal) {
      const lines = formatTerminalSummary(report)
      if (failsForLateWork) {
        lines.push('', pc.red(`leaks is 'error': work of ${report.summary.testsWithLateActivity} test${report.summary.testsWithLateActivity === 1 ? '' : 's'} ran after it ended, so the run fails.`))
      }
      if (written || htmlWritten) {
        lines.push('')
      }
      if (written) {
        lines.push(`${pc.magenta(PLUGIN_NAME)} report written to ${relative(process.cwd(), reportPath) || reportPath}`)
      }
      if (htmlWritten) {
        lines.push(`${pc.magenta(PLUGIN_NAME)} HTML report written to ${relative(process.cwd(), htmlPath) || htmlPath}`)
      }
      pluginLog(vitest)(lines.join('\n'))
    }
    const github = githubSettings(this.options.ci, process.env)
    if (github) {
      const writtenPaths = { json: written ? reportPath : null, html: htmlWritten ? htmlPath : null }
      publishToGitHub(report, { root, settings: github, env: process.env, written: writtenPaths, log: pluginLog(vitest) })
    }
  }

  /** The report as a page; like the JSON report, it cannot fail the run. */
  private writeHtml(path: string, report: AsyncDebugReport, root: string): boolean {
    try {
      writeHtmlReport(path, reportPageData(report, root, this.options.editorLink, this.workerViews()))
      return true
    }
    catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      const reason = code === 'EISDIR' ? 'it is a folder' : code === 'ENOSPC' ? 'the disk is full' : code ?? (error as Error).message
      process.stderr.write(`${PLUGIN_NAME}: could not write the HTML report to ${relative(root, path) || path} (${reason}). Set the htmlReport option to a writable .html path, or to false to write none.\n`)
      return false
    }
  }

  /** A report that cannot be written must not fail the user's run: say why and how to fix it. */
  private write(reportPath: string, report: AsyncDebugReport, root: string): boolean {
    try {
      writeTextAtomic(reportPath, reportJson(report))
      return true
    }
    catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      const reason = code === 'EISDIR' ? 'it is a folder' : code === 'ENOSPC' ? 'the disk is full' : code ?? (error as Error).message
      const shown = relative(root, reportPath) || reportPath
      process.stderr.write(`${PLUGIN_NAME}: could not write the report to ${shown} (${reason}). Set the reportFile option to a writable file path, such as '${DEFAULT_REPORT_FILE}', or to false to write none.\n`)
      return false
    }
  }
}
