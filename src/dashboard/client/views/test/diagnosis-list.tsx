import type { DiagnosisEntry } from '../../../../shared/report.js'
import { DiagnosisBadge } from '../../ui/badges'
import { Site } from '../../ui/source-site'

/** The plugin's findings for a test: message, where to look, and advice. */
export function DiagnosisList({ entries, attempts }: { entries: DiagnosisEntry[], attempts: number }) {
  return (
    <ul class="diagnosis-list">
      {entries.map((entry, position) => (
        <li key={position} class={`diagnosis diagnosis-${entry.kind}`}>
          <div class="diagnosis-head">
            <DiagnosisBadge kind={entry.kind} />
            {attempts > 1 && entry.attempt !== undefined ? <span class="muted">attempt {entry.attempt}</span> : null}
            {entry.unhandledError !== undefined ? <a href={`#/errors`} class="muted">unhandled error #{entry.unhandledError + 1}</a> : null}
          </div>
          <p class="diagnosis-message">{entry.message}</p>
          {entry.site ? <Site site={entry.site} /> : null}
          {entry.hint ? <p class="hint">{entry.hint}</p> : null}
        </li>
      ))}
    </ul>
  )
}
