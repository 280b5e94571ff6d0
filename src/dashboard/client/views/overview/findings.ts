import type { AsyncDebugReport, TestEntry } from '../../../../shared/report.js'
import { ledgerHeadlineParts } from '../../../../shared/ledger-headline.js'
import { plural } from '../../text/format'

/** The same headline the terminal prints after Vitest's output. */
export function findingsHeadline(report: AsyncDebugReport): string {
  const { summary } = report
  const errors = report.unhandledErrors.length
  const owned = summary.unhandledErrorsAttributedToTests
  return [
    report.pluginFaults.length > 0 ? 'the plugin itself failed' : '',
    errors > 0 ? `${plural(errors, 'unhandled error')}` : '',
    owned > 0 ? `${owned} caused by a test` : '',
    errors - owned > 0 ? `${errors - owned} outside any test` : '',
    summary.unhandledErrorsMisattributedByVitest > 0 ? `Vitest blamed the wrong test for ${summary.unhandledErrorsMisattributedByVitest}` : '',
    ...ledgerHeadlineParts(report),
  ].filter(Boolean).join(' · ')
}

/** Tests the terminal block lists: a finding, an error it caused, or a pause for a debugger; failed ones first. */
export function testsWithFindings(report: AsyncDebugReport, causedErrors: Map<string, number[]>): TestEntry[] {
  const withFindings = report.tests.filter(test => test.diagnosis.length > 0 || causedErrors.has(test.id) || test.sessions.at(-1)?.debug)
  const failed = (test: TestEntry): boolean => test.state === 'failed' || causedErrors.has(test.id)
  return [...withFindings.filter(failed), ...withFindings.filter(test => !failed(test))]
}

export { commonSites, type CommonSite } from '../../../../shared/common-sites.js'
