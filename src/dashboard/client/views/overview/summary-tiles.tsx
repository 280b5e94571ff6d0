import type { AsyncDebugReport } from '../../../../shared/report.js'
import type { FilterFlag } from '../../state/test-filters'
import { routeHref } from '../../routing/route'
import { duration, percent } from '../../text/format'

function Tile({ label, value, tone, href, title }: { label: string, value: number | string, tone?: string, href?: string, title?: string }) {
  const body = (
    <>
      <div class="tile-value">{typeof value === 'number' ? value.toLocaleString('en-US') : value}</div>
      <div class="tile-label">{label}</div>
    </>
  )
  return href
    ? <a class={`tile ${tone ? `tile-${tone}` : ''}`} href={href} title={title}>{body}</a>
    : <div class={`tile ${tone ? `tile-${tone}` : ''}`} title={title}>{body}</div>
}

/** The run's counts, each a link to the tests it counts. */
export function SummaryTiles({ report }: { report: AsyncDebugReport }) {
  const { summary } = report
  const finished = summary.passed + summary.failed
  const withErrors = new Set(report.unhandledErrors.flatMap(error => (error.attribution.status === 'test' ? [error.attribution.test.testId] : [])))
  for (const test of report.tests) {
    if (test.state === 'failed') {
      withErrors.add(test.id)
    }
  }
  const filter = (flag?: FilterFlag): string => routeHref({ view: 'tests', filter: { flags: flag ? [flag] : [], file: '', text: '' } })
  return (
    <div class="tiles">
      <Tile label="tests" value={summary.tests} href={filter()} />
      <Tile label="passed" value={summary.passed} tone="ok" />
      <Tile label="failed" value={summary.failed} tone={summary.failed > 0 ? 'bad' : undefined} href={filter('failed')} />
      <Tile label="skipped" value={summary.skipped + summary.pending} />
      <Tile label="flaky" value={summary.flaky} tone={summary.flaky > 0 ? 'warn' : undefined} href={filter('flaky')} />
      <Tile label="files" value={summary.files} href={routeHref({ view: 'files' })} />
      <Tile label="duration" value={duration(report.run.durationMs)} />
      <Tile label="pass rate" value={percent(summary.passed, finished)} title="Passed tests among those that passed or failed" />
      <Tile label="error rate" value={percent(withErrors.size, finished)} tone={withErrors.size > 0 ? 'bad' : undefined} title="Tests that failed or caused an unhandled error, among those that passed or failed" />
      <Tile label="unhandled errors" value={summary.unhandledErrors} tone={summary.unhandledErrors > 0 ? 'bad' : undefined} href={routeHref({ view: 'errors' })} />
      <Tile label="misattributed by Vitest" value={summary.unhandledErrorsMisattributedByVitest} tone={summary.unhandledErrorsMisattributedByVitest > 0 ? 'warn' : undefined} href={routeHref({ view: 'errors' })} />
      <Tile label="with diagnosis" value={summary.testsWithDiagnosis} tone={summary.testsWithDiagnosis > 0 ? 'warn' : undefined} href={filter('diagnosis')} />
      <Tile label="left work running" value={summary.testsThatLeftWorkRunning} href={filter('left-running')} />
      <Tile label="work ran late" value={summary.testsWithLateActivity} href={routeHref({ view: 'timeline' })} />
      <Tile label="timed out" value={summary.timedOut} tone={summary.timedOut > 0 ? 'bad' : undefined} href={filter('timed-out')} />
    </div>
  )
}
