import type { AsyncDebugReport, DiagnosisEntry, DiagnosisKind, FileEntry, TestAttribution, TestEntry, UnhandledErrorEntry } from '../shared/report.js'
import type { DebugRecord } from '../shared/session.js'
import { describeOperation } from '../shared/describe-operation.js'
import { vitestsBlame } from './model.js'
import pc from 'picocolors'

function firstLine(text: string): string {
  return text.split('\n')[0] ?? ''
}

function errorLine(entry: UnhandledErrorEntry): string {
  return `${pc.red(entry.type)} ${pc.bold(`${entry.name}: ${firstLine(entry.message)}`)}`
}

function causeLine(attribution: TestAttribution): string {
  const operation = attribution.operation ? ` in the tracked operation "${attribution.operation}"` : ''
  if (attribution.phase === 'during-test') {
    return `caused by this test${operation}, while it was running`
  }
  const during = attribution.surfacedDuring.length > 0
    ? `during ${attribution.surfacedDuring.map(ref => `"${ref.fullName}"`).join(' and ')}`
    : 'between tests'
  return `caused by this test${operation}; surfaced ${attribution.msAfterTestEnded ?? 0} ms after it ended, ${during}`
}

function ownedErrorLines(entry: UnhandledErrorEntry): string[] {
  if (entry.attribution.status !== 'test') {
    return []
  }
  const lines = [`   ${errorLine(entry)}`, `   ${causeLine(entry.attribution)}`]
  if (!entry.attribution.vitestAgrees) {
    lines.push(`   ${pc.yellow(vitestsBlame(entry))}`)
  }
  return lines
}

function unownedErrorBlock(entry: UnhandledErrorEntry): string[] {
  if (entry.attribution.status !== 'no-test') {
    return []
  }
  return [
    '',
    ` ${pc.yellow('!')} ${errorLine(entry)}${entry.attribution.file ? pc.dim(` (${entry.attribution.file})`) : ''}`,
    `   ${entry.attribution.explanation}`,
  ]
}

const ledgerKinds: ReadonlySet<DiagnosisKind> = new Set<DiagnosisKind>([
  'timed-out',
  'left-running',
  'late-activity',
  'received-late-activity',
  'abort-crossed-tests',
  'abort-ignored',
  'open-at-file-end',
])

function diagnosisLines(entry: DiagnosisEntry): string[] {
  const bullet = entry.kind === 'timed-out' ? pc.red('-') : pc.yellow('-')
  const lines = [`   ${bullet} ${entry.message}`]
  if (entry.hint) {
    lines.push(`     ${pc.dim(entry.hint)}`)
  }
  return lines
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}

/** What `--debug-on-fail` did with the test's last attempt. */
function debugLine(record: DebugRecord | undefined): string[] {
  if (!record) {
    return []
  }
  const outcome = {
    timeout: `paused ${seconds(record.pausedMs)}, but no debugger attached`,
    interrupted: 'paused; the run was stopped before a debugger attached',
    debugger: record.plan === 'context'
      ? `a debugger attached and stopped next to the failure (${seconds(record.pausedMs)})`
      : `a debugger attached (${seconds(record.pausedMs)}); ${record.stoppedAtFailingLine ? 'it stopped on the failing line' : 'the re-run never reached the failing line'}, and the re-run ${record.reproduced ? 'failed the same way' : 'did not fail the same way'}`,
  }[record.released]
  return [`   ${pc.magenta('·')} ${outcome}`]
}

/** One block per test: the unhandled errors it caused, the async ledger's findings, a pause for a debugger. */
function testBlock(test: TestEntry, errors: readonly UnhandledErrorEntry[]): string[] {
  const entries = test.diagnosis.filter(entry => ledgerKinds.has(entry.kind))
  const debug = debugLine(test.sessions.at(-1)?.debug)
  if (entries.length === 0 && errors.length === 0 && debug.length === 0) {
    return []
  }
  const mark = test.state === 'failed' || errors.length > 0 ? pc.red('✗') : pc.yellow('!')
  return [
    '',
    ` ${mark} ${pc.dim(`${test.file} >`)} ${test.fullName}`,
    ...errors.flatMap(ownedErrorLines),
    ...entries.flatMap(diagnosisLines),
    ...debug,
  ]
}

function errorsByTest(errors: readonly UnhandledErrorEntry[]): Map<string, UnhandledErrorEntry[]> {
  const byTest = new Map<string, UnhandledErrorEntry[]>()
  for (const entry of errors) {
    if (entry.attribution.status === 'test') {
      const list = byTest.get(entry.attribution.test.testId) ?? []
      list.push(entry)
      byTest.set(entry.attribution.test.testId, list)
    }
  }
  return byTest
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

function errorTitle(report: AsyncDebugReport): string {
  const errors = report.unhandledErrors
  if (errors.length === 0) {
    return ''
  }
  const owned = report.summary.unhandledErrorsAttributedToTests
  const misattributed = report.summary.unhandledErrorsMisattributedByVitest
  const unnamed = errors.filter(error => error.attribution.status === 'test' && error.vitestBlamed === null).length
  const parts = [
    owned > 0 ? `${owned} caused by a test` : '',
    errors.length - owned > 0 ? `${errors.length - owned} outside any test` : '',
    misattributed > 0 ? `Vitest blamed the wrong test for ${misattributed}` : '',
    unnamed > 0 ? `Vitest named no test for ${unnamed}` : '',
  ].filter(Boolean)
  return `${plural(errors.length, 'unhandled error')}: ${parts.join('; ')}`
}

function ledgerTitle(report: AsyncDebugReport): string {
  const { timedOut, testsThatLeftWorkRunning, testsWithLateActivity } = report.summary
  const filesLeftOpen = report.files.filter(file => file.teardown.some(record => record.ownerScope !== 'test')).length
  const abortFindings = report.tests.filter(test => test.diagnosis.some(entry => entry.kind === 'abort-crossed-tests' || entry.kind === 'abort-ignored')).length
  const debugged = report.tests.filter(test => test.sessions.at(-1)?.debug).length
  return [
    timedOut > 0 ? `${plural(timedOut, 'test')} timed out` : '',
    testsThatLeftWorkRunning > 0 ? `${plural(testsThatLeftWorkRunning, 'test')} left work running` : '',
    testsWithLateActivity > 0 ? `${plural(testsWithLateActivity, 'test')} had work run after ${testsWithLateActivity === 1 ? 'it' : 'they'} ended` : '',
    abortFindings > 0 ? `${plural(abortFindings, 'test')} with an abort to look at` : '',
    filesLeftOpen > 0 ? `${plural(filesLeftOpen, 'file')} ended with hook-opened handles still open` : '',
    debugged > 0 ? `${plural(debugged, 'test')} paused for a debugger` : '',
  ].filter(Boolean).join(' · ')
}

const scopeNames = { 'suite-hook': 'a beforeAll or afterAll hook', 'module': 'the file\'s top level' } as const

/** Handles no test opened that were still open when the file ended: what keeps the worker from exiting. */
function teardownBlock(file: FileEntry): string[] {
  const unowned = file.teardown.filter(record => record.ownerScope !== 'test')
  if (unowned.length === 0) {
    return []
  }
  return [
    '',
    ` ${pc.yellow('!')} ${file.file} ${pc.dim('(when the file ended)')}`,
    ...unowned.map(({ ownerScope, operation }) => `   ${pc.yellow('-')} ${describeOperation(operation)}, opened by ${scopeNames[ownerScope as keyof typeof scopeNames]}, was still open.`),
  ]
}

/** The block printed after Vitest's own output: which test caused which unhandled error, left what running, waited on what. */
export function formatTerminalSummary(report: AsyncDebugReport): string[] {
  const errors = report.unhandledErrors
  const owned = errorsByTest(errors)
  const testBlocks = report.tests.flatMap(test => testBlock(test, owned.get(test.id) ?? []))
  const fileBlocks = report.files.flatMap(teardownBlock)
  if (errors.length === 0 && testBlocks.length === 0 && fileBlocks.length === 0) {
    return []
  }
  const title = [errorTitle(report), ledgerTitle(report)].filter(Boolean).join(' · ')
  return [
    '',
    `${pc.bgMagenta(pc.black(pc.bold(' ASYNC DEBUG ')))} ${title}`,
    ...testBlocks,
    ...fileBlocks,
    ...errors.flatMap(unownedErrorBlock),
  ]
}
