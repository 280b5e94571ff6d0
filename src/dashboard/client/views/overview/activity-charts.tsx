import type { PageData } from '../../../../shared/page-data.js'
import { useMemo } from 'preact/hooks'
import { usePage } from '../../ui/page-context'
import { TimeChart } from '../../ui/time-chart'
import { duration } from '../../text/format'
import { activityOverTime, lastMinute } from './activity'

/** Tests finished and failures over time, and the last minute's figures. */
export function ActivityCharts({ data, live }: { data: PageData, live: boolean }) {
  const { index } = usePage()
  const tests = data.report.tests
  const activity = useMemo(() => activityOverTime(tests), [tests])
  const finishedSeries = useMemo(() => (activity ? [{ label: 'finished', values: activity.finished, color: '#2f7ed8', bars: true }] : []), [activity])
  const failedSeries = useMemo(() => (activity ? [{ label: 'failed', values: activity.failed, color: '#d9363e', bars: true }] : []), [activity])
  if (!activity) {
    return <p class="empty">No test has finished yet.</p>
  }
  const recent = lastMinute(tests, live ? Date.now() : index.span?.end ?? Date.now())
  return (
    <div>
      <div class="figures">
        <div class="figure"><span class="figure-value">{recent.finished}</span> tests finished</div>
        <div class="figure"><span class="figure-value">{recent.failed}</span> failed</div>
        <div class="figure"><span class="figure-value">{recent.perSecond.toFixed(1)}</span> tests/s</div>
        <div class="figure muted">{live ? 'in the last' : 'in the run\'s last'} {duration(recent.windowMs)}</div>
      </div>
      <div class="chart-row">
        <TimeChart title={`Tests finished per ${duration(activity.bucketMs)}`} times={activity.times} series={finishedSeries} />
        <TimeChart title={`Failures per ${duration(activity.bucketMs)}`} times={activity.times} series={failedSeries} />
      </div>
    </div>
  )
}
