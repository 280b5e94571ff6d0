import type { UnhandledErrorEntry } from '../../../shared/report.js'
import { blamedTest } from '../state/page-index'
import { Badge } from './badges'
import { ErrorView } from './error-view'
import { Facts } from './layout'
import { usePage } from './page-context'
import { TestRef } from './test-ref'

const phaseWords = { 'during-test': 'while the test was running', 'after-test': 'after the test had ended' } as const

const noTestWords = {
  'suite-hook': 'created by a beforeAll/afterAll hook',
  'outside-tests': 'created outside any test',
  'not-observed': 'not observed by the plugin',
  'worker-crash': 'the worker crashed',
} as const

/** Vitest's "latest test that might have caused it", linked when the page can tell which test that is. */
function VitestBlame({ error }: { error: UnhandledErrorEntry }) {
  const { index } = usePage()
  if (!error.vitestBlamed) {
    return <span class="muted">Vitest named no test</span>
  }
  const test = blamedTest(index.testsByName, error.vitestBlamed, error.surfacedIn)
  return test ? <TestRef test={{ testId: test.id, fullName: test.fullName, file: test.file }} /> : <span>"{error.vitestBlamed}"</span>
}

function Attribution({ error }: { error: UnhandledErrorEntry }) {
  const { attribution } = error
  if (attribution.status === 'no-test') {
    return <span>No test: {noTestWords[attribution.reason] ?? attribution.reason}{attribution.file ? ` (${attribution.file})` : ''}</span>
  }
  return <TestRef test={attribution.test} />
}

/** One unhandled error: what it was, Vitest's blame beside the plugin's attribution, and why. */
export function UnhandledErrorCard({ error, number }: { error: UnhandledErrorEntry, number: number }) {
  const { attribution } = error
  const agrees = attribution.status === 'test' && attribution.vitestAgrees
  const wrong = error.vitestBlamed !== null && (attribution.status === 'no-test' || !attribution.vitestAgrees)
  return (
    <div class={`card unhandled-error ${wrong ? 'card-bad' : ''}`} id={`error-${number}`}>
      <div class="card-head">
        <Badge tone="bad">{error.type}</Badge>
        <span class="muted">#{number}</span>
        {wrong ? <Badge tone="warn">{attribution.status === 'test' ? 'Vitest blamed the wrong test' : 'Vitest blamed a test; no test caused it'}</Badge> : null}
        {agrees ? <Badge tone="ok">Vitest agrees</Badge> : null}
      </div>
      <ErrorView error={error} />
      <div class="blame">
        <div class="blame-side blame-vitest">
          <div class="blame-label">Vitest blamed</div>
          <VitestBlame error={error} />
        </div>
        <div class="blame-side blame-ours">
          <div class="blame-label">Caused by</div>
          <Attribution error={error} />
        </div>
      </div>
      <p class="explanation">{attribution.explanation}</p>
      <Facts items={[
        ['Surfaced in', error.surfacedIn ?? '–'],
        attribution.status === 'test' && ['When', phaseWords[attribution.phase] ?? attribution.phase],
        attribution.status === 'test' && attribution.msAfterTestEnded !== null && ['After the test ended', `${attribution.msAfterTestEnded} ms`],
        attribution.status === 'test' && attribution.operation !== null && ['Tracked operation', attribution.operation],
        attribution.status === 'test' && attribution.surfacedDuring.length > 0 && ['Surfaced during', attribution.surfacedDuring.map(ref => <div key={ref.sessionId}><TestRef test={ref} /></div>)],
      ]}
      />
    </div>
  )
}
