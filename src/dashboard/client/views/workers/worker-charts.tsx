import type { WorkerSample } from '../../../../shared/page-data.js'
import { useMemo } from 'preact/hooks'
import { megabytes } from '../../text/format'
import { TimeChart } from '../../ui/time-chart'

/** CPU, memory and event-loop delay of one worker over time, from its samples. */
export function WorkerCharts({ samples }: { samples: WorkerSample[] }) {
  const charts = useMemo(() => ({
    times: samples.map(sample => sample.at / 1000),
    cpu: [{ label: 'CPU', values: samples.map(sample => sample.cpuPercent), color: '#2f7ed8' }],
    memory: [
      { label: 'RSS', values: samples.map(sample => megabytes(sample.rssBytes)), color: '#8e44ad' },
      { label: 'heap used', values: samples.map(sample => megabytes(sample.heapUsedBytes)), color: '#16a085' },
    ],
    delay: [{ label: 'max delay', values: samples.map(sample => sample.eventLoopDelayMaxMs), color: '#e67e22' }],
  }), [samples])
  if (samples.length === 0) {
    return <p class="empty">No samples yet.</p>
  }
  return (
    <div class="chart-row chart-row-3">
      <TimeChart title="CPU (% of one core)" times={charts.times} series={charts.cpu} unit="%" height={130} />
      <TimeChart title="Memory (MB)" times={charts.times} series={charts.memory} unit=" MB" height={130} />
      <TimeChart title="Event-loop delay (ms)" times={charts.times} series={charts.delay} unit=" ms" height={130} />
    </div>
  )
}
