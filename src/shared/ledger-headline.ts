import type { AsyncDebugReport } from './report.js'

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

/**
 * What the async ledger found in a run, in short phrases ("2 tests timed out", "1 abort reached into
 * another test"); empty when nothing. The terminal block's title and the page's headline both use it.
 */
export function ledgerHeadlineParts(report: AsyncDebugReport): string[] {
  const { timedOut, testsThatLeftWorkRunning, testsWithLateActivity } = report.summary
  const filesLeftOpen = report.files.filter(file => file.teardown.some(record => record.ownerScope !== 'test')).length
  const aborts = report.tests.flatMap(test => test.sessions.flatMap(session => session.aborts ?? []))
  const crossed = aborts.filter(abort => abort.crossesSessions && abort.createdBy).length
  const ignored = aborts.filter(abort => abort.outcome === 'ignored-by-pending-work' && abort.source !== 'test-signal').length
  const closing = report.tests.filter(test => test.diagnosis.some(entry => entry.kind === 'still-closing')).length
  const debugged = report.tests.filter(test => test.sessions.at(-1)?.debug).length
  const blocked = report.tests.filter(test => test.diagnosis.some(entry => entry.kind === 'blocked-event-loop')).length
  return [
    timedOut > 0 ? `${plural(timedOut, 'test')} timed out` : '',
    testsThatLeftWorkRunning > 0 ? `${plural(testsThatLeftWorkRunning, 'test')} left work running` : '',
    testsWithLateActivity > 0 ? `${plural(testsWithLateActivity, 'test')} had work run after ${testsWithLateActivity === 1 ? 'it' : 'they'} ended` : '',
    crossed > 0 ? `${plural(crossed, 'abort')} reached into another test` : '',
    ignored > 0 ? `${plural(ignored, 'abort')} ignored by the work it was handed to` : '',
    closing > 0 ? `${plural(closing, 'test')} still closing work as ${closing === 1 ? 'it' : 'they'} ended` : '',
    filesLeftOpen > 0 ? `${plural(filesLeftOpen, 'file')} ended with hook-opened handles still open` : '',
    debugged > 0 ? `${plural(debugged, 'test')} paused for a debugger` : '',
    blocked > 0 ? `${plural(blocked, 'test')} blocked the event loop` : '',
  ].filter(Boolean)
}
