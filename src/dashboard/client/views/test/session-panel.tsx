import type { TestSession } from '../../../../shared/report.js'
import { clockTime, dateTime, duration, jsonText } from '../../text/format'
import { StateBadge } from '../../ui/badges'
import { Facts, TextBlock } from '../../ui/layout'
import { AbortsPanel } from './aborts-panel'
import { DebugPanel } from './debug-panel'
import { LedgerPanel } from './ledger-panel'
import { LocalsPanel } from './locals-panel'
import { EventTable, TrackedOperations } from './session-events'
import { TimeoutPanel } from './timeout-panel'

function workerText(session: TestSession): string {
  const { worker } = session
  return [
    worker.pool,
    worker.poolId !== null ? `pool id ${worker.poolId}` : null,
    `pid ${worker.pid}`,
    worker.threadId !== null ? `thread ${worker.threadId}` : null,
  ].filter(Boolean).join(' · ')
}

/** One attempt of a test: where and when it ran, and everything the plugin recorded about it. */
export function SessionPanel({ session, attempts }: { session: TestSession, attempts: number }) {
  return (
    <section class="session card" id={`attempt-${session.attempt}`}>
      <div class="card-head">
        <h3 class="session-title">{attempts > 1 ? `Attempt ${session.attempt}` : 'The attempt'}</h3>
        <StateBadge state={session.state} />
        {session.retry > 0 ? <span class="muted">retry {session.retry}</span> : null}
        {session.repeat > 0 ? <span class="muted">repeat {session.repeat}</span> : null}
      </div>
      <Facts items={[
        ['Worker', workerText(session)],
        ['Started', dateTime(session.startedAt)],
        ['Ended', clockTime(session.endedAt)],
        ['Took', duration(session.endedAt - session.startedAt)],
      ]}
      />
      {session.locals ? <><h4>Locals</h4><LocalsPanel locals={session.locals} /></> : null}
      {session.timeout ? <><h4>Timed out</h4><TimeoutPanel timeout={session.timeout} /></> : null}
      {session.aborts && session.aborts.length > 0 ? <><h4>Aborts</h4><AbortsPanel aborts={session.aborts} /></> : null}
      {session.ledger ? <><h4>Async ledger</h4><LedgerPanel ledger={session.ledger} /></> : <p class="muted">The async ledger was off for this attempt.</p>}
      {session.events && session.events.length > 0
        ? (
            <>
              <TrackedOperations events={session.events} />
              <EventTable events={session.events} dropped={session.droppedEvents} />
            </>
          )
        : session.droppedEvents ? <p class="muted">{session.droppedEvents} events were dropped.</p> : null}
      {session.metadata
        ? (
            <div class="metadata">
              <h4>Metadata</h4>
              <TextBlock text={jsonText(session.metadata)} label="metadata" />
            </div>
          )
        : null}
      {session.debug ? <><h4>Paused for a debugger</h4><DebugPanel debug={session.debug} /></> : null}
    </section>
  )
}
