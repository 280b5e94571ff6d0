import type { AsyncDebugReport, TestEntry } from '../../../../shared/report.js'
import { plural } from '../../text/format'

/** The same headline the terminal prints after Vitest's output. */
export function findingsHeadline(report: AsyncDebugReport): string {
  const { summary } = report
  const errors = report.unhandledErrors.length
  const owned = summary.unhandledErrorsAttributedToTests
  const aborts = report.tests.flatMap(test => test.sessions.flatMap(session => session.aborts ?? []))
  const crossed = aborts.filter(abort => abort.crossesSessions && abort.createdBy).length
  const ignored = aborts.filter(abort => abort.outcome === 'ignored-by-pending-work' && abort.source !== 'test-signal').length
  const closing = report.tests.filter(test => test.diagnosis.some(entry => entry.kind === 'still-closing')).length
  const debugged = report.tests.filter(test => test.sessions.at(-1)?.debug).length
  const filesLeftOpen = report.files.filter(file => file.teardown.some(record => record.ownerScope !== 'test')).length
  return [
    report.pluginFaults.length > 0 ? 'the plugin itself failed' : '',
    errors > 0 ? `${plural(errors, 'unhandled error')}` : '',
    owned > 0 ? `${owned} caused by a test` : '',
    errors - owned > 0 ? `${errors - owned} outside any test` : '',
    summary.unhandledErrorsMisattributedByVitest > 0 ? `Vitest blamed the wrong test for ${summary.unhandledErrorsMisattributedByVitest}` : '',
    summary.timedOut > 0 ? `${plural(summary.timedOut, 'test')} timed out` : '',
    summary.testsThatLeftWorkRunning > 0 ? `${plural(summary.testsThatLeftWorkRunning, 'test')} left work running` : '',
    summary.testsWithLateActivity > 0 ? `${plural(summary.testsWithLateActivity, 'test')} had work run after ${summary.testsWithLateActivity === 1 ? 'it' : 'they'} ended` : '',
    crossed > 0 ? `${plural(crossed, 'abort')} reached into another test` : '',
    ignored > 0 ? `${plural(ignored, 'abort')} ignored by the work it was handed to` : '',
    closing > 0 ? `${plural(closing, 'test')} still closing work as ${closing === 1 ? 'it' : 'they'} ended` : '',
    filesLeftOpen > 0 ? `${plural(filesLeftOpen, 'file')} ended with hook-opened handles still open` : '',
    debugged > 0 ? `${plural(debugged, 'test')} paused for a debugger` : '',
  ].filter(Boolean).join(' · ')
}

/** Tests the terminal block lists: a finding, an error it caused, or a pause for a debugger; failed ones first. */
export function testsWithFindings(report: AsyncDebugReport, causedErrors: Map<string, number[]>): TestEntry[] {
  const withFindings = report.tests.filter(test => test.diagnosis.length > 0 || causedErrors.has(test.id) || test.sessions.at(-1)?.debug)
  const failed = (test: TestEntry): boolean => test.state === 'failed' || causedErrors.has(test.id)
  return [...withFindings.filter(failed), ...withFindings.filter(test => !failed(test))]
}

export { commonSites, type CommonSite } from '../../../../shared/common-sites.js'
