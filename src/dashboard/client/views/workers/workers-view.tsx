import type { DebugServerRecord } from '../../../../shared/debug-server.js'
import { Badge } from '../../ui/badges'
import { CopyField } from '../../ui/copy-field'
import { useMemo } from 'preact/hooks'
import { Empty } from '../../ui/layout'
import { usePage } from '../../ui/page-context'
import { WorkerBlockTable } from './worker-block-table'
import { blocksBySlot } from './worker-blocks'
import { WorkerCard } from './worker-card'

/** A report written without the dashboard still lists the workers' debug servers, when they were on. */
function DebugServers({ servers }: { servers: DebugServerRecord[] }) {
  return (
    <table class="table">
      <thead><tr><th>worker</th><th>process</th><th>state</th><th>last file</th><th>debug server</th><th>DevTools (paste into Chrome)</th></tr></thead>
      <tbody>
        {servers.map(server => (
          <tr key={`${server.pid}:${server.threadId}`}>
            <td>{server.poolId} · {server.pool}{server.project ? ` · ${server.project}` : ''}</td>
            <td>pid {server.pid}{server.threadId ? ` · thread ${server.threadId}` : ''}</td>
            <td><Badge tone="neutral">{server.state}</Badge></td>
            <td>{server.file ?? '–'}</td>
            <td><code class="copyable">{server.webSocketUrl}</code></td>
            <td><CopyField value={server.devtoolsUrl} label="DevTools address" /></td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The workers the dashboard saw; in a report without them, the debug servers or where to get metrics. */
export function WorkersView() {
  const { data } = usePage()
  const servers = data.report.debugServers.workers
  const dap = data.report.debugServers.dap
  const blocks = useMemo(() => blocksBySlot(data.report.tests), [data.report.tests])
  // Blocks of slots the dashboard did not see (a report written without it) are listed on their own.
  const unseen = [...blocks.entries()].filter(([slot]) => !data.workers.some(worker => worker.key === slot)).flatMap(([, list]) => list)
  return (
    <div class="view">
      <h1 class="view-title">Workers <span class="count">{data.workers.length || servers.length}</span></h1>
      {dap ? <p>DAP gateway: <code>{dap.host}:{dap.port}</code></p> : null}
      {data.workers.map(worker => <WorkerCard key={worker.key} worker={worker} blocks={blocks.get(worker.key) ?? []} />)}
      {unseen.length > 0
        ? (
            <section class="worker-blocks-section" aria-label="Event-loop blocks">
              <h2>Event-loop blocks</h2>
              <p class="muted">Stretches of at least blocking.warnAt ms in which a worker's event loop did not turn, with what held the thread.</p>
              <WorkerBlockTable blocks={unseen.sort((a, b) => a.startedAt - b.startedAt)} showWorker />
            </section>
          )
        : null}
      {data.workers.length === 0 && servers.length > 0
        ? (
            <>
              <p class="muted">Debug servers of the workers (newest per worker slot). CPU, memory and event-loop charts come from the live dashboard.</p>
              <DebugServers servers={servers} />
            </>
          )
        : null}
      {data.workers.length === 0 && servers.length === 0
        ? <Empty>No worker metrics in this report: CPU, memory and event-loop delay of each worker come from the live dashboard, while the run goes on.</Empty>
        : null}
    </div>
  )
}
