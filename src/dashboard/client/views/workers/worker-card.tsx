import type { WorkerView } from '../../../../shared/page-data.js'
import { testHref } from '../../routing/route'
import { duration } from '../../text/format'
import { StateBadge } from '../../ui/badges'
import { CopyField } from '../../ui/copy-field'
import { Facts } from '../../ui/layout'
import { WorkerCharts } from './worker-charts'

const stateWords = { running: 'running tests', paused: 'paused for a debugger', attached: 'a debugger is attached', closed: 'its process has exited' } as const

/** One worker: identity, state, what it runs, its debug server, and its measurements over time. */
export function WorkerCard({ worker }: { worker: WorkerView }) {
  return (
    <div class={`card worker worker-${worker.state}`}>
      <div class="card-head">
        <strong>{worker.poolId !== null ? `Worker ${worker.poolId}` : `Worker ${worker.key}`}</strong>
        <StateBadge state={worker.state} />
        <span class="muted">{stateWords[worker.state] ?? worker.state}</span>
      </div>
      <Facts items={[
        ['Process', `pid ${worker.pid}${worker.threadId !== null ? ` · thread ${worker.threadId}` : ''}`],
        ['Pool', worker.pool],
        worker.project !== '' && ['Project', worker.project],
        ['File', worker.file ?? '–'],
        worker.samples.length > 0 && ['Samples', `${worker.samples.length} over ${duration(worker.samples.at(-1)!.at - worker.samples[0]!.at)}`],
        ['Test', worker.test ? <a href={testHref(worker.test.id)}>{worker.test.fullName}</a> : '–'],
        worker.debugServer !== null && ['Debug server', <code class="copyable">{worker.debugServer.webSocketUrl}</code>],
        worker.debugServer !== null && ['DevTools', (
          <div>
            <CopyField value={worker.debugServer.devtoolsUrl} label="DevTools address" />
            <div class="muted">Paste it into Chrome's address bar: browsers do not open devtools:// links from a page.</div>
          </div>
        )],
      ]}
      />
      <WorkerCharts samples={worker.samples} />
    </div>
  )
}
