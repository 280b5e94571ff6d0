import type { PageData } from '../../../shared/page-data.js'
import type { ViewName } from '../routing/route'
import { runState } from '../views/overview/run-status'
import { duration } from '../text/format'

const views: Array<{ view: ViewName, label: string, href: string }> = [
  { view: 'overview', label: 'Overview', href: '#/' },
  { view: 'tests', label: 'Tests', href: '#/tests' },
  { view: 'errors', label: 'Unhandled errors', href: '#/errors' },
  { view: 'timeline', label: 'Timeline', href: '#/timeline' },
  { view: 'workers', label: 'Workers', href: '#/workers' },
  { view: 'files', label: 'Files', href: '#/files' },
]

const stateWords = { running: 'Running', passed: 'Passed', failed: 'Failed', interrupted: 'Interrupted' } as const

/** The run's status and counts, always in view, and the views. */
export function Header({ data, current }: { data: PageData | null, current: ViewName }) {
  const state = data ? runState(data) : null
  const summary = data?.report.summary
  return (
    <header class="header">
      <div class="header-top">
        <a class="brand" href="#/">vitest-async-debug</a>
        {state ? <span class={`run-pill run-pill-${state}`}>{stateWords[state]}</span> : null}
        {summary
          ? (
              <span class="header-counts">
                <span class="count-passed">{summary.passed} passed</span>
                <span class="count-failed">{summary.failed} failed</span>
                {summary.skipped + summary.pending > 0 ? <span>{summary.skipped + summary.pending} skipped</span> : null}
                {summary.flaky > 0 ? <span class="count-flaky">{summary.flaky} flaky</span> : null}
                {summary.unhandledErrors > 0 ? <span class="count-failed">{summary.unhandledErrors} unhandled errors</span> : null}
                {state !== 'running' ? <span class="muted">{duration(data!.report.run.durationMs)}</span> : null}
              </span>
            )
          : null}
        {data?.report.pluginFaults.length ? <a class="run-pill run-pill-failed" href="#/">plugin failed</a> : null}
        <span class="header-mode muted">{data?.mode === 'live' ? 'live dashboard' : data ? 'report' : ''}</span>
      </div>
      <nav class="nav" aria-label="Views">
        {views.map(view => (
          <a key={view.view} href={view.href} class={current === view.view || (current === 'test' && view.view === 'tests') ? 'nav-link nav-link-current' : 'nav-link'} aria-current={current === view.view ? 'page' : undefined}>
            {view.label}
            {view.view === 'errors' && summary && summary.unhandledErrors > 0 ? <span class="nav-count">{summary.unhandledErrors}</span> : null}
          </a>
        ))}
      </nav>
    </header>
  )
}
