import type { DebugRecord } from '../../../../shared/session.js'
import { dateTime, duration } from '../../text/format'
import { Facts } from '../../ui/layout'

const releaseWords = {
  debugger: 'a debugger attached',
  timeout: 'no debugger attached in time',
  interrupted: 'the run was stopped before a debugger attached',
} as const

/** What `--debug-on-fail` did with a failed attempt. */
export function DebugPanel({ debug }: { debug: DebugRecord }) {
  return (
    <Facts items={[
      ['Paused at', dateTime(debug.pausedAt)],
      ['Paused for', duration(debug.pausedMs)],
      ['Ended because', releaseWords[debug.released] ?? debug.released],
      ['Plan', debug.plan === 'rerun' ? 'run the test again and stop where it fails' : 'stop next to the failure'],
      debug.plan === 'rerun' && ['Stopped on the failing line', debug.stoppedAtFailingLine ? 'yes' : 'no'],
      ['Reproduced', debug.reproduced === null ? 'nothing was re-run' : debug.reproduced ? 'the re-run failed the same way' : 'the re-run did not fail the same way'],
      ['Debugger address', <code class="copyable">{debug.webSocketUrl}</code>],
    ]}
    />
  )
}
