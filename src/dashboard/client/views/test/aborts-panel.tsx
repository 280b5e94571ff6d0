import type { AbortRecord } from '../../../../shared/ledger.js'
import { Badge } from '../../ui/badges'
import { Facts } from '../../ui/layout'
import { OperationList } from '../../ui/operation-list'
import { Site, SiteLink } from '../../ui/source-site'
import { TestRef } from '../../ui/test-ref'

const sourceWords = {
  'controller': 'AbortController.abort()',
  'timeout': 'AbortSignal.timeout()',
  'any': 'AbortSignal.any()',
  'test-signal': 'the test\'s signal (Vitest)',
} as const

const outcomeWords = {
  'became-test-failure': 'became the test\'s failure',
  'swallowed': 'was swallowed',
  'ignored-by-pending-work': 'was ignored by pending work',
  'handled': 'was handled',
} as const

/** One AbortSignal that aborted: who made it, who aborted it, who listened, and what came of it. */
function AbortItem({ abort }: { abort: AbortRecord }) {
  return (
    <div class={`abort card ${abort.crossesSessions || abort.outcome === 'ignored-by-pending-work' ? 'card-warn' : ''}`}>
      <div class="card-head">
        <strong>{sourceWords[abort.source] ?? abort.source}</strong>
        <span>{abort.at} ms into the test</span>
        {abort.crossesSessions ? <Badge tone="warn">crosses tests</Badge> : null}
        <Badge tone={abort.outcome === 'handled' || abort.outcome === 'became-test-failure' ? 'neutral' : 'warn'}>{outcomeWords[abort.outcome] ?? abort.outcome}</Badge>
      </div>
      <Facts items={[
        ['Reason', `${abort.reason.name}: ${abort.reason.message}`],
        ['Created by', abort.createdBy ? <TestRef test={abort.createdBy} /> : 'no test'],
        ['Aborted by', abort.abortedBy ? <TestRef test={abort.abortedBy} /> : 'no test'],
        ['Aborted at', abort.abortSite ? <Site site={abort.abortSite} /> : <span class="muted">no call site (a timeout, or a dependency aborted it)</span>],
        ['Listeners', abort.listeners.length === 0
          ? 'none'
          : abort.listeners.map((listener, position) => (
              <div key={position}>{listener.machinery ? <span class="muted">Vitest or Node machinery</span> : <SiteLink site={listener.site} />}</div>
            ))],
      ]}
      />
      {abort.ignoredBy.length > 0
        ? (
            <div>
              <h4>Pending work that did not react to it</h4>
              <OperationList operations={abort.ignoredBy} />
            </div>
          )
        : null}
    </div>
  )
}

export function AbortsPanel({ aborts }: { aborts: AbortRecord[] }) {
  return <div class="aborts">{aborts.map((abort, position) => <AbortItem key={position} abort={abort} />)}</div>
}
