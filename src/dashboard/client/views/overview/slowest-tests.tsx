import type { TestEntry } from '../../../../shared/report.js'
import { useMemo } from 'preact/hooks'
import { testHref } from '../../routing/route'
import { StateIcon } from '../../ui/badges'
import { duration } from '../../text/format'
import { shortName } from '../../ui/test-ref'

/** The ten slowest tests, each a link to its page. */
export function SlowestTests({ tests }: { tests: TestEntry[] }) {
  const slowest = useMemo(() => {
    const top: TestEntry[] = []
    for (const test of tests) {
      if (test.durationMs === null) {
        continue
      }
      if (top.length < 10 || test.durationMs > top.at(-1)!.durationMs!) {
        top.push(test)
        top.sort((a, b) => b.durationMs! - a.durationMs!)
        top.length = Math.min(top.length, 10)
      }
    }
    return top
  }, [tests])
  if (slowest.length === 0) {
    return <p class="empty">No test has a duration yet.</p>
  }
  return (
    <table class="table slowest">
      <tbody>
        {slowest.map(test => (
          <tr key={test.id}>
            <td class="cell-icon"><StateIcon state={test.state} /></td>
            <td class="cell-name"><a href={testHref(test.id)}>{shortName(test.fullName)}</a><div class="muted">{test.file}</div></td>
            <td class="cell-number">{duration(test.durationMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
