import type { RunningTest } from '../../../../shared/page-data.js'
import { useEffect, useState } from 'preact/hooks'
import { testHref } from '../../routing/route'
import { duration } from '../../text/format'
import { shortName } from '../../ui/test-ref'

/** Tests started and not finished yet, with how long each has run (live only). */
export function RunningTests({ running }: { running: RunningTest[] }) {
  const [now, setNow] = useState(Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [])
  if (running.length === 0) {
    return <p class="empty">No test is running.</p>
  }
  return (
    <table class="table">
      <tbody>
        {running.map(test => (
          <tr key={test.id}>
            <td class="cell-name"><a href={testHref(test.id)}>{shortName(test.fullName)}</a><div class="muted">{test.file}</div></td>
            <td class="cell-number">{duration(Math.max(0, now - test.startedAt))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
