import type { PageStore } from '../state/page-store'
import { useEffect, useMemo } from 'preact/hooks'
import { useRoute } from '../routing/route'
import { buildIndex } from '../state/page-index'
import { usePageState } from '../state/page-store'
import { ErrorsView } from '../views/errors-view'
import { FilesView } from '../views/files-view'
import { OverviewView } from '../views/overview/overview-view'
import { TestPage } from '../views/test/test-page'
import { TestsView } from '../views/tests/tests-view'
import { TimelineView } from '../views/timeline/timeline-view'
import { WorkersView } from '../views/workers/workers-view'
import { Header } from './header'
import { PageContext } from './page-context'

/**
 * A lost connection during a run is a hiccup the page recovers from; after the run it is `vitest run`
 * closing the dashboard with Vitest, and the page shows the final state for good.
 */
function Banner({ connection, finished }: { connection: string, finished: boolean }) {
  if (connection !== 'lost') {
    return null
  }
  if (finished) {
    return <div class="banner banner-ended" role="status">The run has ended and its dashboard has closed: this is its final state. The HTML report next to the JSON report keeps it.</div>
  }
  return <div class="banner banner-lost" role="status">Connection to the run lost — reconnecting…</div>
}

/** The page: header and views around the data, from the report file or the live stream. */
export function App({ store }: { store: PageStore }) {
  const state = usePageState(store)
  const route = useRoute()
  const place = route.view === 'test' ? `test:${route.id}` : route.view
  useEffect(() => window.scrollTo(0, 0), [place])
  const index = useMemo(() => (state.data ? buildIndex(state.data) : null), [state.data])
  const context = useMemo(() => (state.data && index ? { data: state.data, index } : null), [state.data, index])
  let body
  if (state.failure) {
    body = <div class="view"><p class="empty" role="alert">{state.failure}</p></div>
  }
  else if (!context) {
    body = <div class="view waiting"><p class="empty">{state.connection === 'static' ? 'Reading the report…' : 'Waiting for the run…'}</p></div>
  }
  else {
    body = (
      <PageContext.Provider value={context}>
        {route.view === 'overview' ? <OverviewView /> : null}
        {route.view === 'tests' ? <TestsView filter={route.filter} /> : null}
        {route.view === 'test' ? <TestPage key={route.id} id={route.id} /> : null}
        {route.view === 'errors' ? <ErrorsView /> : null}
        {route.view === 'workers' ? <WorkersView /> : null}
        {route.view === 'timeline' ? <TimelineView /> : null}
        {route.view === 'files' ? <FilesView /> : null}
      </PageContext.Provider>
    )
  }
  return (
    <>
      <Header data={state.data} current={route.view} />
      <Banner connection={state.connection} finished={state.data?.progress === 'finished'} />
      <main class="main">{body}</main>
    </>
  )
}
