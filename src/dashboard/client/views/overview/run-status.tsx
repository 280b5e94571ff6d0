import type { PageData } from '../../../../shared/page-data.js'
import { duration, dateTime } from '../../text/format'

const endedEarlyWords = {
  'signal': 'stopped by a signal',
  'bail': 'stopped by --bail',
  'cancelled': 'cancelled',
  'process-exit': 'a test called process.exit',
  'worker-crash': 'a worker crashed',
} as const

/** passed / failed / interrupted, or running while a live run goes on. */
export function runState(data: PageData): 'running' | 'passed' | 'failed' | 'interrupted' {
  if (data.mode === 'live' && !isFinished(data)) {
    return 'running'
  }
  return data.report.run.status
}

/** The dashboard says when the run is over; without that word, a finish time and no running test mean it. */
export function isFinished(data: PageData): boolean {
  if (data.progress !== undefined) {
    return data.progress === 'finished'
  }
  return Boolean(data.report.run.finishedAt) && data.running.length === 0
}

/** The run's outcome in a sentence, with why it ended early. */
export function RunStatus({ data }: { data: PageData }) {
  const { run } = data.report
  const state = runState(data)
  return (
    <div class={`run-status run-status-${state}`}>
      <div class="run-status-word">{state === 'running' ? 'Running…' : state}</div>
      <div class="run-status-detail">
        {run.endedEarly ? <div>Ended early: {endedEarlyWords[run.endedEarly.reason] ?? run.endedEarly.reason}. {run.endedEarly.detail}</div> : null}
        {!run.complete && !run.endedEarly && state !== 'running' ? <div>Not every test ran.</div> : null}
        <div class="muted">
          Started {run.startedAt ? dateTime(run.startedAt) : '–'}
          {state === 'running' ? '' : ` · took ${duration(run.durationMs)}`}
          {run.exitCode !== null ? ` · exit code ${run.exitCode}` : ''}
          {run.merged ? ' · merged from blob reports' : ''}
          {run.shard ? ` · shard ${run.shard.index}/${run.shard.count}` : ''}
        </div>
      </div>
    </div>
  )
}
