import type { TimeoutForensics } from '../../../../shared/ledger.js'
import { duration } from '../../text/format'
import { Facts } from '../../ui/layout'
import { OperationList } from '../../ui/operation-list'
import { OperationView } from '../../ui/operation-view'
import { Site } from '../../ui/source-site'

const captureWords = {
  'full': 'every promise\'s creation site was captured',
  'rerun': 'found by running the test again, alone, with full stack capture',
  'handles-only': 'handles only: promise creation sites were not captured',
} as const

const rerunWords = {
  'timed-out-again': 'timed out again',
  'passed': 'passed',
  'failed': 'failed',
  'could-not-run': 'could not run',
} as const

/** What a timed-out attempt was still waiting for. */
export function TimeoutPanel({ timeout }: { timeout: TimeoutForensics }) {
  return (
    <div class="timeout card card-bad">
      <p class="timeout-summary">{timeout.summary}</p>
      <Facts items={[
        ['Capture', captureWords[timeout.capture] ?? timeout.capture],
        timeout.rerun !== null && ['Re-run', `${rerunWords[timeout.rerun.outcome] ?? timeout.rerun.outcome} in ${duration(timeout.rerun.durationMs)}: ${timeout.rerun.detail}`],
      ]}
      />
      {timeout.awaiting
        ? (
            <div class="timeout-part">
              <h4>Awaiting {timeout.awaiting.function ? `${timeout.awaiting.function}()` : ''}</h4>
              <Site site={timeout.awaiting.site} />
            </div>
          )
        : null}
      {timeout.waitingOn
        ? (
            <div class="timeout-part">
              <h4>Which waits on</h4>
              <OperationView operation={timeout.waitingOn} />
            </div>
          )
        : null}
      {timeout.pending.length > 0
        ? (
            <details class="timeout-part" open={timeout.pending.length <= 6}>
              <summary>Pending at the timeout ({timeout.pending.length})</summary>
              <OperationList operations={timeout.pending} />
            </details>
          )
        : null}
    </div>
  )
}
