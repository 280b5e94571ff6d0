import type { RunningTest, WorkerSample } from '../shared/page-data.js'
import type { MonitoredWorker } from '../shared/monitor.js'
import type { WorkerOptions } from '../shared/worker-options.js'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { MonitorChannel } from './monitor-channel.js'
import { realTimers, wallClockNow } from './real-time.js'

type CpuUsage = NodeJS.CpuUsage
const FLUSH_TIMEOUT_MS = 500
/** Node 23.9+ measures one thread; before, a worker thread can only see its whole process. */
const cpuUsage: (previous?: CpuUsage) => CpuUsage = (process as { threadCpuUsage?: (previous?: CpuUsage) => CpuUsage }).threadCpuUsage?.bind(process) ?? process.cpuUsage.bind(process)

/**
 * This worker's test and load, for the dashboard: an unref'd interval a few times a second and one
 * message per test start and end. Started only while the dashboard runs.
 */
export class WorkerMonitor {
  private readonly delays = monitorEventLoopDelay({ resolution: 10 })
  private lastCpu = cpuUsage()
  private lastAt = wallClockNow()

  private constructor(private readonly channel: MonitorChannel, private readonly intervalMs: number, private readonly currentFile: () => string | null) {
    this.delays.enable()
    realTimers.setInterval(() => this.sample(), intervalMs).unref()
  }

  static start(options: NonNullable<WorkerOptions['monitor']>, worker: MonitoredWorker, currentFile: () => string | null): WorkerMonitor {
    const channel = MonitorChannel.open(options.address)
    channel.send({ type: 'hello', worker })
    return new WorkerMonitor(channel, options.intervalMs, currentFile)
  }

  testStarted(test: RunningTest): void {
    this.channel.send({ type: 'running', test })
  }

  /** Also a sample, unless one was taken lately: an isolated fork may exit before its first interval. */
  testEnded(): void {
    this.channel.send({ type: 'running', test: null })
    if (wallClockNow() - this.lastAt >= this.intervalMs / 2) {
      this.sample()
    }
  }

  /** At the end of a file: an isolated fork exits right after, and its unref'd socket would not wait. */
  async fileEnded(): Promise<void> {
    this.sample()
    await this.channel.flush(FLUSH_TIMEOUT_MS)
  }

  private sample(): void {
    const at = wallClockNow()
    const cpu = cpuUsage(this.lastCpu)
    const wallMs = Math.max(1, at - this.lastAt)
    const memory = process.memoryUsage()
    const sample: WorkerSample = {
      at: Math.round(at),
      cpuPercent: Math.round((cpu.user + cpu.system) / 10 / wallMs),
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      eventLoopDelayMaxMs: Math.round(this.delays.max / 1e5) / 10,
    }
    this.delays.reset()
    this.lastCpu = cpuUsage()
    this.lastAt = at
    this.channel.send({ type: 'sample', sample, file: this.currentFile() })
  }
}
