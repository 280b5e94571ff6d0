import type { SessionEvent } from '../../../../shared/session.js'
import { jsonText } from '../../text/format'

interface TrackedOperation {
  label: string
  startedAt: number
  settledAt: number | null
  outcome: string | null
}

/** `track()` labels: each started operation with when (and how) it settled, or that it never did. */
export function trackedOperations(events: readonly SessionEvent[]): TrackedOperation[] {
  const operations: TrackedOperation[] = []
  for (const event of events) {
    if (event.kind === 'operation-started') {
      operations.push({ label: event.name, startedAt: event.at, settledAt: null, outcome: null })
    }
    else if (event.kind === 'operation-settled') {
      const open = operations.find(operation => operation.label === event.name && operation.settledAt === null)
      if (open) {
        open.settledAt = event.at
        const data = event.data
        open.outcome = data !== null && typeof data === 'object' && !Array.isArray(data) && typeof data.outcome === 'string' ? data.outcome : null
      }
    }
  }
  return operations
}

function ms(value: number): string {
  return `${Math.round(value * 10) / 10} ms`
}

export function TrackedOperations({ events }: { events: SessionEvent[] }) {
  const operations = trackedOperations(events)
  if (operations.length === 0) {
    return null
  }
  return (
    <div class="tracked">
      <h4>Tracked operations</h4>
      <table class="table">
        <thead><tr><th>label</th><th>started</th><th>settled</th></tr></thead>
        <tbody>
          {operations.map((operation, position) => (
            <tr key={position}>
              <td class="cell-name">{operation.label}</td>
              <td class="cell-number">{ms(operation.startedAt)}</td>
              <td>{operation.settledAt === null ? <span class="warn-text">never settled</span> : `${operation.outcome ?? 'settled'} at ${ms(operation.settledAt)}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** What the test recorded, in order: time since the attempt started, kind, name and data. */
export function EventTable({ events, dropped }: { events: SessionEvent[], dropped: number | undefined }) {
  return (
    <div class="events">
      <h4>Events</h4>
      <table class="table">
        <thead><tr><th>at</th><th>kind</th><th>name</th><th>data</th></tr></thead>
        <tbody>
          {events.map((event, position) => (
            <tr key={position}>
              <td class="cell-number">{ms(event.at)}</td>
              <td>{event.kind}</td>
              <td class="cell-name">{event.name}</td>
              <td>{event.data === undefined ? null : <pre class="text-block inline-json">{jsonText(event.data)}</pre>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {dropped ? <p class="muted">{dropped} more events were dropped (maxEventsPerSession).</p> : null}
    </div>
  )
}
