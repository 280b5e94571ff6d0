import type { WorkerView } from '../../../../shared/page-data.js'
import type { WorkerBlock } from './worker-blocks'
import { testHref } from '../../routing/route'
import { duration, plural } from '../../text/format'
import { StateBadge } from '../../ui/badges'
import { CopyField } from '../../ui/copy-field'
import { Facts } from '../../ui/layout'
import { WorkerBlockTable } from './worker-block-table'
import { WorkerCharts } from './worker-charts'

const stateWords = { running: 'running tests', paused: 'paused for a debugger', attached: 'a debugger is attached', closed: 'its process has exited' } as const

/** One worker: identity, state, what it runs, its debug server, its measurements over time and the event-loop blocks of its tests. */
export function WorkerCard({ worker, blocks }: { worker: WorkerView, blocks: WorkerBlock[] }) {
  const longest = Math.max(0, ...blocks.map(entry => entry.block.durationMs))
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
        blocks.length > 0 && ['Event-loop blocks', `${plural(blocks.length, 'block')}, the longest ${duration(longest)}`],
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
      {blocks.length > 0
        ? (
            <section class="worker-blocks-section" aria-label="Event-loop blocks">
              <h3>Event-loop blocks</h3>
              <WorkerBlockTable blocks={blocks} />
            </section>
          )
        : null}
    </div>
  )
}
