import type { LateActivityRecord } from '../../../../shared/ledger.js'
import type { TestEntry } from '../../../../shared/report.js'
import { routeHref } from '../../routing/route'
import { duration, plural } from '../../text/format'
import { Badge, StateBadge } from '../../ui/badges'
import { ErrorView } from '../../ui/error-view'
import { Empty, Section } from '../../ui/layout'
import { usePage } from '../../ui/page-context'
import { UnhandledErrorCard } from '../../ui/unhandled-error-card'
import { DiagnosisList } from './diagnosis-list'
import { LateActivityList } from './late-activity-list'
import { SessionPanel } from './session-panel'

function pick<T>(list: readonly T[], positions: readonly number[] | undefined): Array<[number, T]> {
  return (positions ?? []).flatMap(position => (list[position] === undefined ? [] : [[position, list[position]] as [number, T]]))
}

function TestHeading({ test }: { test: TestEntry }) {
  return (
    <header class="test-heading">
      <div class="test-heading-badges">
        <StateBadge state={test.state} />
        {test.flaky ? <Badge tone="warn">flaky</Badge> : null}
        <span class="muted">{duration(test.durationMs)}</span>
        <span class="muted">{plural(test.attempts, 'attempt')}</span>
      </div>
      <h1 class="test-title">{test.fullName}</h1>
      <div class="muted">
        <a href={routeHref({ view: 'tests', filter: { flags: [], file: test.file, text: '' } })}>{test.file}</a>
        {test.project ? ` · project ${test.project}` : ''}
      </div>
    </header>
  )
}

/** Everything about one test: errors, findings, the unhandled errors it caused, late work, and each attempt. */
export function TestPage({ id }: { id: string }) {
  const { data, index } = usePage()
  const test = index.testsById.get(id)
  if (!test) {
    const running = data.running.find(candidate => candidate.id === id)
    return (
      <div class="view">
        {running ? <><h1 class="test-title">{running.fullName}</h1><p>Running now, in {running.file}.</p></> : <Empty>No test with this id in the run.</Empty>}
      </div>
    )
  }
  const { report } = data
  const caused = pick(report.unhandledErrors, index.errorsCausedBy.get(id))
  const surfaced = pick(report.unhandledErrors, index.errorsSurfacedIn.get(id)).filter(([position]) => !caused.some(([own]) => own === position))
  const lateOwned = pick<LateActivityRecord>(report.lateActivity, index.lateOwnedBy.get(id)).map(([, record]) => record)
  const lateDuring = pick<LateActivityRecord>(report.lateActivity, index.lateDuring.get(id)).map(([, record]) => record)
  return (
    <div class="view test-page">
      <TestHeading test={test} />
      {test.errors.length > 0 ? <Section title="Errors" count={test.errors.length}>{test.errors.map((error, position) => <ErrorView key={position} error={error} />)}</Section> : null}
      {test.diagnosis.length > 0 ? <Section title="Diagnosis" count={test.diagnosis.length}><DiagnosisList entries={test.diagnosis} attempts={test.attempts} /></Section> : null}
      {caused.length > 0
        ? <Section title="Unhandled errors this test caused" count={caused.length}>{caused.map(([position, error]) => <UnhandledErrorCard key={position} error={error} number={position + 1} />)}</Section>
        : null}
      {surfaced.length > 0
        ? <Section title="Unhandled errors that surfaced during this test" count={surfaced.length}>{surfaced.map(([position, error]) => <UnhandledErrorCard key={position} error={error} number={position + 1} />)}</Section>
        : null}
      {lateOwned.length > 0 ? <Section title="Its work that ran after it ended" count={lateOwned.length}><LateActivityList records={lateOwned} side="owner" /></Section> : null}
      {lateDuring.length > 0 ? <Section title="Earlier tests' work that ran during it" count={lateDuring.length}><LateActivityList records={lateDuring} side="during" /></Section> : null}
      <Section title={test.sessions.length > 1 ? 'Attempts' : 'Attempt'} count={test.sessions.length}>
        {test.sessions.length === 0 ? <Empty>No attempt was recorded (the test did not run in a tracked session).</Empty> : null}
        {test.sessions.map(session => <SessionPanel key={session.id} session={session} attempts={test.sessions.length} />)}
      </Section>
    </div>
  )
}
