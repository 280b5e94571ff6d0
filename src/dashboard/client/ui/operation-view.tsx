import type { OperationRecord } from '../../../shared/ledger.js'
import { duration } from '../text/format'
import { operationNoun, operationState } from '../text/operations'
import { Badge } from './badges'
import { TextBlock } from './layout'
import { Site, SiteLink } from './source-site'

const listenWords = { 'test-signal': 'listens to the test\'s AbortSignal', 'other-signal': 'listens to another AbortSignal' } as const

/** One async resource from the ledger: what it is, where it was created, what it was doing, and advice. */
export function OperationView({ operation, excerpt = true, hint = true }: { operation: OperationRecord, excerpt?: boolean, hint?: boolean }) {
  return (
    <div class="operation">
      <div class="operation-head">
        <strong>{operationNoun(operation)}</strong>
        <span class="muted"> ({operation.type}, #{operation.id})</span>
        {' '}that {operationState(operation)}
        <span class="operation-tags">
          <Badge tone="neutral" title="Time from creation to the check">age {duration(operation.ageMs)}</Badge>
          {operation.keepsProcessAlive ? <Badge tone="warn" title="A ref'd handle keeps the worker's event loop alive">keeps the process alive</Badge> : null}
          {operation.listensTo ? <Badge tone="info">{listenWords[operation.listensTo]}</Badge> : null}
          {operation.callbacks > 0 ? <Badge tone="neutral">{operation.callbacks} callbacks</Badge> : null}
          {operation.bytesRead !== null ? <Badge tone="neutral">{operation.bytesRead} bytes read</Badge> : null}
        </span>
      </div>
      {excerpt ? <Site site={operation.site} /> : <div class="site-block"><SiteLink site={operation.site} /></div>}
      {hint && operation.hint ? <p class="hint">{operation.hint}</p> : null}
      {operation.stack.length > 0
        ? (
            <details class="stack-details">
              <summary>Creation stack ({operation.stack.length} frames)</summary>
              <TextBlock text={operation.stack.join('\n')} label="creation stack" />
            </details>
          )
        : null}
    </div>
  )
}
