import type { AsyncDebugReport } from '../../../../shared/report.js'
import { useMemo } from 'preact/hooks'
import { routeHref, testHref } from '../../routing/route'
import { DiagnosisBadge, StateIcon } from '../../ui/badges'
import { usePage } from '../../ui/page-context'
import { shortName } from '../../ui/test-ref'
import { plural } from '../../text/format'
import { commonSites, findingsHeadline, testsWithFindings } from './findings'

const shown = 20

/** What the terminal's ASYNC DEBUG block says, as links: the tests with findings, shared sites, files and errors. */
export function FindingsPanel({ report }: { report: AsyncDebugReport }) {
  const { index } = usePage()
  const tests = useMemo(() => testsWithFindings(report, index.errorsCausedBy), [report, index])
  const sites = useMemo(() => commonSites(report, 5), [report])
  const headline = useMemo(() => findingsHeadline(report), [report])
  const filesLeftOpen = report.files.filter(file => file.teardown.some(record => record.ownerScope !== 'test'))
  const unowned = report.unhandledErrors.filter(error => error.attribution.status === 'no-test').length
  if (tests.length === 0 && filesLeftOpen.length === 0 && unowned === 0 && !headline) {
    return <p class="empty">No findings: no unhandled errors, nothing left running, nothing ran late.</p>
  }
  return (
    <div class="findings">
      {headline ? <p class="findings-headline">{headline}</p> : null}
      {sites.length > 0
        ? (
            <div class="common-sites">
              <h3>Where most findings come from</h3>
              <ul>
                {sites.map(site => (
                  <li key={`${site.words}${site.file}${site.line}`}>
                    {site.words} <code>{site.file}:{site.line}</code>: {plural(site.tests, 'test')}
                  </li>
                ))}
              </ul>
            </div>
          )
        : null}
      <ul class="finding-list">
        {tests.slice(0, shown).map((test) => {
          const errors = index.errorsCausedBy.get(test.id) ?? []
          return (
            <li key={test.id} class="finding">
              <div class="finding-head">
                <StateIcon state={errors.length > 0 ? 'failed' : test.state} />
                <a href={testHref(test.id)} class="finding-name">{shortName(test.fullName)}</a>
                <span class="muted"> · {test.file}</span>
              </div>
              <ul class="finding-messages">
                {errors.map((position) => {
                  const error = report.unhandledErrors[position]
                  const disagrees = error?.attribution.status === 'test' && !error.attribution.vitestAgrees
                  return error
                    ? (
                        <li key={`e${position}`}>
                          <DiagnosisBadge kind="unhandled-error" /> {error.type}: {error.name}: {error.message.split('\n')[0]}
                          {disagrees ? <div class="warn-text">{error.vitestBlamed ? `Vitest blamed "${error.vitestBlamed}"` : 'Vitest named no test'}</div> : null}
                        </li>
                      )
                    : null
                })}
                {test.diagnosis.filter(entry => entry.kind !== 'unhandled-error').map((entry, position) => (
                  <li key={position}><DiagnosisBadge kind={entry.kind} /> {entry.message}</li>
                ))}
                {test.sessions.at(-1)?.debug ? <li>Paused for a debugger (see the test)</li> : null}
              </ul>
            </li>
          )
        })}
      </ul>
      {tests.length > shown ? <p><a href={routeHref({ view: 'tests', filter: { flags: ['diagnosis'], file: '', text: '' } })}>… and {plural(tests.length - shown, 'more test')} with findings</a></p> : null}
      {filesLeftOpen.length > 0 ? <p><a href={routeHref({ view: 'files' })}>{plural(filesLeftOpen.length, 'file')} ended with handles opened by hooks or module code still open</a></p> : null}
      {unowned > 0 ? <p><a href={routeHref({ view: 'errors' })}>{plural(unowned, 'unhandled error')} no test caused</a></p> : null}
    </div>
  )
}
