import type { WorkerBlock } from './worker-blocks'
import { clockTime, duration } from '../../text/format'
import { SiteLink } from '../../ui/source-site'
import { TestRef } from '../../ui/test-ref'

function WhatRan({ entry }: { entry: WorkerBlock }) {
  const { block } = entry
  if (block.site) {
    return <SiteLink site={block.site} />
  }
  return <span class="muted">{block.note ?? 'not captured'}</span>
}

/** A worker's event-loop blocks: when, how long, what held the thread, and whose test it was. */
export function WorkerBlockTable({ blocks, showWorker = false }: { blocks: WorkerBlock[], showWorker?: boolean }) {
  return (
    <table class="table worker-blocks">
      <thead>
        <tr>
          {showWorker ? <th>worker</th> : null}
          <th>at</th>
          <th>blocked for</th>
          <th>what held the thread</th>
          <th>test running</th>
          <th>whose code</th>
        </tr>
      </thead>
      <tbody>
        {blocks.map(entry => (
          <tr key={`${entry.test.id}:${entry.attempt}:${entry.block.at}`}>
            {showWorker
              ? <td>{entry.worker.poolId !== null ? `slot ${entry.worker.poolId} · ` : ''}{entry.worker.pool} · pid {entry.worker.pid}{entry.worker.threadId !== null ? ` · thread ${entry.worker.threadId}` : ''}</td>
              : null}
            <td>{clockTime(entry.startedAt)}</td>
            <td><strong>{duration(entry.block.durationMs)}</strong></td>
            <td><WhatRan entry={entry} /></td>
            <td><TestRef test={{ testId: entry.test.id, fullName: entry.test.fullName, file: entry.test.file, attempt: entry.attempt }} /></td>
            <td>{entry.block.owner ? <>an earlier test's: <TestRef test={entry.block.owner} /></> : <span class="muted">this test's</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
