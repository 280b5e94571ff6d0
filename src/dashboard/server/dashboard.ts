import type { TestCase, TestModule, Reporter, Vitest } from 'vitest/node'
import type { AsyncDebugReport } from '../../shared/report.js'
import type { MonitorAddress, MonitorMessage } from '../../shared/monitor.js'
import type { DebugServerRecord } from '../../shared/debug-server.js'
import type { PageData, PagePatch, RunningTest } from '../../shared/page-data.js'
import type { AsyncDebugReporter } from '../../report/reporter.js'
import type { EventClient } from './dashboard-server.js'
import { MonitorServer } from './monitor-server.js'
import { pageHtml } from '../../report/html/page-html.js'
import { readPageTemplate } from '../../report/html/write-html.js'
import { sourceExcerpts } from '../../report/html/source-excerpts.js'
import { projectRelative } from '../../report/paths.js'
import { DashboardServer } from './dashboard-server.js'
import { WorkerViews } from './worker-views.js'

/** At most this often, and never more than a fifth of the time: building the run's report costs the main process. */
const MIN_PATCH_INTERVAL_MS = 250

export interface DashboardSettings {
  preferredPort: number
  editorLink: string
}

/**
 * The live dashboard: the report's page served on 127.0.0.1, kept current over Server-Sent Events with
 * the run so far (the same report the run ends with), the tests running and what each worker measures.
 * It stays up across watch-mode re-runs and serves the final state until the process exits.
 */
export class Dashboard implements Reporter {
  private readonly workers: WorkerViews
  private readonly running = new Map<string, RunningTest>()
  private sentTests = new Map<string, string>()
  private sources: PageData['sources'] = {}
  private report: AsyncDebugReport | null = null
  private progress: PageData['progress'] = 'running'
  private patchTimer: NodeJS.Timeout | null = null
  private lastBuildMs = 0
  private root = ''

  private constructor(
    private readonly server: DashboardServer,
    private readonly monitors: MonitorServer,
    readonly monitorAddress: MonitorAddress,
    private readonly reporter: AsyncDebugReporter,
    private readonly settings: DashboardSettings,
    debugServers: () => readonly DebugServerRecord[],
  ) {
    this.workers = new WorkerViews(debugServers)
  }

  static async start(vitest: Vitest, settings: DashboardSettings, reporter: AsyncDebugReporter, debugServers: () => readonly DebugServerRecord[]): Promise<Dashboard> {
    readPageTemplate()
    let dashboard: Dashboard | null = null
    const monitors = new MonitorServer({
      message: (connection, message) => dashboard?.workerMessage(connection, message),
      closed: connection => dashboard?.workerClosed(connection),
    })
    const monitorAddress = await monitors.listen()
    const server = new DashboardServer({ page: () => pageHtml(readPageTemplate(), null), connected: client => dashboard?.connected(client) })
    dashboard = new Dashboard(server, monitors, monitorAddress, reporter, settings, debugServers)
    dashboard.root = vitest.config.root
    await server.listen(settings.preferredPort)
    reporter.listWorkersFrom(() => dashboard.workers.all())
    reporter.onReportFinished(report => dashboard.finished(report))
    vitest.config.reporters.push(dashboard as never)
    vitest.onClose(() => dashboard.close())
    return dashboard
  }

  get url(): string {
    return this.server.url
  }

  get port(): number {
    return this.server.boundPort
  }

  onTestRunStart(): void {
    this.running.clear()
    this.report = null
    this.progress = 'running'
    const snapshot = this.snapshot()
    if (snapshot) {
      this.addSources(snapshot.report)
      this.sentTests = new Map(snapshot.report.tests.map(test => [test.id, JSON.stringify(test)]))
      this.server.broadcast('snapshot', JSON.stringify({ ...snapshot, sources: this.sources }))
    }
  }

  onTestCaseReady(testCase: TestCase): void {
    this.running.set(testCase.id, { id: testCase.id, name: testCase.name, fullName: testCase.fullName, file: projectRelative(testCase.module.moduleId, this.root), startedAt: Date.now() })
    this.schedule()
  }

  onTestCaseResult(testCase: TestCase): void {
    this.running.delete(testCase.id)
    this.schedule()
  }

  onTestModuleEnd(_module: TestModule): void {
    this.schedule()
  }

  private workerMessage(connection: number, message: MonitorMessage): void {
    this.workers.handle(connection, message)
    this.schedule()
  }

  private workerClosed(connection: number): void {
    this.workers.closed(connection)
    this.schedule()
  }

  private finished(report: AsyncDebugReport): void {
    this.report = report
    this.progress = 'finished'
    this.running.clear()
    this.sendPatch()
  }

  /**
   * Before Vitest has set up its reporters there is nothing to show: the page waits for the first snapshot.
   * What the snapshot holds beyond the last patch (tests, sources) comes again in the next patch, for everyone.
   */
  private connected(client: EventClient): void {
    const snapshot = this.snapshot()
    if (snapshot) {
      client.send('snapshot', JSON.stringify(snapshot))
    }
  }

  private snapshot(): PageData | null {
    const report = this.currentReport()
    if (!report) {
      return null
    }
    return {
      mode: 'live',
      progress: this.progress,
      report,
      root: this.root,
      editorLink: this.settings.editorLink,
      sources: this.sources,
      workers: this.workers.all(),
      running: [...this.running.values()],
    }
  }

  private schedule(): void {
    if (this.patchTimer || this.progress === 'finished') {
      return
    }
    const wait = Math.max(MIN_PATCH_INTERVAL_MS, this.lastBuildMs * 4)
    this.patchTimer = setTimeout(() => {
      this.patchTimer = null
      this.sendPatch()
    }, wait).unref()
  }

  private sendPatch(): void {
    const report = this.currentReport()
    if (!report) {
      return
    }
    const tests = report.tests.filter((test) => {
      const json = JSON.stringify(test)
      const changed = this.sentTests.get(test.id) !== json
      this.sentTests.set(test.id, json)
      return changed
    })
    const { tests: _all, ...rest } = report
    const patch: PagePatch = {
      progress: this.progress,
      report: rest,
      tests,
      workers: this.workers.changes(),
      running: [...this.running.values()],
      sources: this.addSources(report),
    }
    this.server.broadcast('patch', JSON.stringify(patch))
  }

  /** The finished run's report, or the run so far, timed so patches back off when building gets slow. */
  private currentReport(): AsyncDebugReport | null {
    if (this.progress === 'finished') {
      return this.report
    }
    const started = performance.now()
    const report = this.reporter.reportSoFar()
    this.lastBuildMs = performance.now() - started
    return report
  }

  private addSources(report: AsyncDebugReport): PageData['sources'] {
    const added = sourceExcerpts(report, this.root, this.sources)
    for (const [file, lines] of Object.entries(added)) {
      this.sources[file] = { ...this.sources[file], ...lines }
    }
    return added
  }

  async close(): Promise<void> {
    if (this.patchTimer) {
      clearTimeout(this.patchTimer)
    }
    await this.server.close()
    await this.monitors.close()
  }
}
