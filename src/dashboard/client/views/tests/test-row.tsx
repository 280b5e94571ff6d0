import type { DiagnosisKind, TestEntry } from '../../../../shared/report.js'
import { testHref } from '../../routing/route'
import { Badge, DiagnosisBadge, StateIcon } from '../../ui/badges'
import { duration } from '../../text/format'

/** One line of the test list: state, name, file and duration, and what the plugin found. */
export function TestRowView({ test }: { test: TestEntry }) {
  const kinds = [...new Set<DiagnosisKind>(test.diagnosis.map(entry => entry.kind))]
  return (
    <a class={`test-row test-row-${test.state}`} href={testHref(test.id)} data-test-id={test.id}>
      <StateIcon state={test.state} />
      <div class="test-row-text">
        <div class="test-row-name" title={test.fullName}>{test.fullName}</div>
        <div class="test-row-meta">
          <span class="test-row-file">{test.file}</span>
          {test.project ? <span class="muted"> · {test.project}</span> : null}
        </div>
      </div>
      <div class="test-row-badges">
        {test.flaky ? <Badge tone="warn">flaky</Badge> : null}
        {test.attempts > 1 ? <Badge tone="neutral">{test.attempts} attempts</Badge> : null}
        {kinds.slice(0, 3).map(kind => <DiagnosisBadge key={kind} kind={kind} />)}
        {kinds.length > 3 ? <Badge tone="neutral">+{kinds.length - 3}</Badge> : null}
      </div>
      <div class="test-row-duration">{duration(test.durationMs)}</div>
    </a>
  )
}
