import type { OperationKind, SessionLedger } from '../../../../shared/ledger.js'
import { kindName } from '../../text/operations'
import { plural } from '../../text/format'
import { OperationList } from '../../ui/operation-list'

function KindCounts({ counts }: { counts: Partial<Record<OperationKind, number>> }) {
  const entries = Object.entries(counts) as Array<[OperationKind, number]>
  if (entries.length === 0) {
    return <span class="muted">nothing tracked</span>
  }
  return <span>{entries.map(([kind, count]) => `${count.toLocaleString('en-US')} ${kindName(kind)}${count === 1 ? '' : 's'}`).join(', ')}</span>
}

/** What the attempt created, and what it left running or still closing when it ended. */
export function LedgerPanel({ ledger }: { ledger: SessionLedger }) {
  return (
    <div class="ledger">
      <div class="ledger-line"><span class="label">Created</span> <KindCounts counts={ledger.created} /></div>
      {ledger.dropped ? <div class="ledger-line muted">{plural(ledger.dropped, 'resource')} not kept: the session reached its cap (maxOperationsPerSession), so more may have been left running.</div> : null}
      {ledger.pendingPromises ? <div class="ledger-line"><span class="label">Pending promises at the end</span> {ledger.pendingPromises}</div> : null}
      {ledger.leftRunningByKind ? <div class="ledger-line"><span class="label">Left running</span> <KindCounts counts={ledger.leftRunningByKind} /></div> : null}
      {ledger.leftRunning && ledger.leftRunning.length > 0
        ? (
            <div class="ledger-group">
              <h4>Left running when it ended</h4>
              <OperationList operations={ledger.leftRunning} />
              {ledger.notListed ? <p class="muted">… and {plural(ledger.notListed, 'more leftover')} not listed.</p> : null}
            </div>
          )
        : null}
      {ledger.stillClosing && ledger.stillClosing.length > 0
        ? (
            <div class="ledger-group">
              <h4>Still closing</h4>
              <p class="muted">Asked to end (destroyed, closed, killed) but not finished a moment after the test ended.</p>
              <OperationList operations={ledger.stillClosing} />
            </div>
          )
        : null}
    </div>
  )
}
