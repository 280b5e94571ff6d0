import type { AsyncDebugReport, DiagnosisEntry, DiagnosisKind, FileEntry, TestAttribution, TestEntry, UnhandledErrorEntry } from '../shared/report.js'
import type { DebugRecord } from '../shared/session.js'
import { commonSites } from '../shared/common-sites.js'
import { ledgerHeadlineParts } from '../shared/ledger-headline.js'
import { describeOperation } from '../shared/describe-operation.js'
import { vitestsBlame } from './model.js'
import pc from 'picocolors'
import { printable, printableFirstLine, terminalLimits } from './terminal-text.js'
import { localsLines, localsTitle } from './terminal-locals.js'

function errorLine(entry: UnhandledErrorEntry): string {
  return `${pc.red(entry.type)} ${pc.bold(printableFirstLine(`${entry.name}: ${entry.message}`))}`
}

function moreLine(count: number, what: string): string {
  return `   ${pc.dim(`… and ${count.toLocaleString('en-US')} more ${what}: see the JSON report`)}`
}

/** "caused by this test; surfaced 61 ms after it ended, during …": the terminal block's words, also in annotations. */
export function causeLine(attribution: TestAttribution): string {
  const operation = attribution.operation ? ` in the tracked operation "${printable(attribution.operation)}"` : ''
  if (attribution.phase === 'during-test') {
    return `caused by this test${operation}, while it was running`
  }
  const during = attribution.surfacedDuring.length > 0
    ? `during ${attribution.surfacedDuring.map(ref => `"${printable(ref.fullName)}"`).join(' and ')}`
    : 'between tests'
  return `caused by this test${operation}; surfaced ${attribution.msAfterTestEnded ?? 0} ms after it ended, ${during}`
}

function ownedErrorLines(entry: UnhandledErrorEntry): string[] {
  if (entry.attribution.status !== 'test') {
    return []
  }
  const lines = [`   ${errorLine(entry)}`, `   ${causeLine(entry.attribution)}`]
  if (!entry.attribution.vitestAgrees) {
    lines.push(`   ${pc.yellow(printable(vitestsBlame(entry)))}`)
  }
  return lines
}

function unownedErrorBlock(entry: UnhandledErrorEntry): string[] {
  if (entry.attribution.status !== 'no-test') {
    return []
  }
  return [
    '',
    ` ${pc.yellow('!')} ${errorLine(entry)}${entry.attribution.file ? pc.dim(` (${printable(entry.attribution.file)})`) : ''}`,
    `   ${printable(entry.attribution.explanation)}`,
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
  'still-closing',
  'blocked-event-loop',
])

/** Hints are placed with this mark, then printed once per kind of advice in the whole block (see onceEach). */
const hintMark = '\u0000hint:'

function onceEach(lines: readonly string[]): string[] {
  const seen = new Set<string>()
  return lines.flatMap((line) => {
    if (!line.startsWith(hintMark)) {
      return [line]
    }
    const hint = line.slice(hintMark.length)
    if (seen.has(hint)) {
      return []
    }
    seen.add(hint)
    return [`     ${pc.dim(printable(hint))}`]
  })
}

/** Several tests' late work landing in one test: one line that points to them, where each is said in full. */
function receivedLine(entries: readonly DiagnosisEntry[], late: AsyncDebugReport['lateActivity']): DiagnosisEntry[] {
  const received = entries.filter(entry => entry.kind === 'received-late-activity')
  const owners = [...new Set(received.map(entry => late[entry.lateActivity ?? -1]?.owner.fullName).filter(name => name !== undefined))]
  if (owners.length < 2) {
    return [...entries]
  }
  const names = owners.map(name => `"${name}"`)
  const message = `Work of ${owners.length} earlier tests ran during this test, after they ended: ${names.slice(0, -1).join(', ')} and ${names.at(-1)} (see those tests).`
  const first = entries.indexOf(received[0]!)
  const others = entries.filter(entry => entry.kind !== 'received-late-activity')
  return [...others.slice(0, first), { ...received[0]!, message }, ...others.slice(first)]
}

/** A test's diagnoses; with retries each says its attempt, and one repeated on every attempt is said once. */
function diagnosisGroups(entries: readonly DiagnosisEntry[], attempts: number): string[][] {
  const byMessage = new Map<string, { entry: DiagnosisEntry, attempts: number[] }>()
  for (const entry of entries) {
    const key = `${entry.kind}\0${entry.message}`
    const group = byMessage.get(key) ?? { entry, attempts: [] }
    group.attempts.push(entry.attempt ?? 1)
    byMessage.set(key, group)
  }
  return [...byMessage.values()].map(({ entry, attempts: seen }) => {
    const bullet = entry.kind === 'timed-out' ? pc.red('-') : pc.yellow('-')
    const prefix = attempts > 1 ? `${attemptsText(seen, attempts)}: ` : ''
    const lines = [`   ${bullet} ${prefix}${printable(entry.message)}`]
    if (entry.hint) {
      lines.push(`${hintMark}${entry.hint}`)
    }
    return lines
  })
}

function attemptsText(seen: readonly number[], attempts: number): string {
  const unique = [...new Set(seen)].sort((a, b) => a - b)
  if (unique.length === attempts) {
    return `every attempt (${attempts})`
  }
  return unique.length === 1 ? `attempt ${unique[0]}` : `attempts ${unique.slice(0, -1).join(', ')} and ${unique.at(-1)}`
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

/** One block per test: the unhandled errors it caused, the async ledger's findings, a pause for a debugger, its locals. */
function testBlock(test: TestEntry, errors: readonly UnhandledErrorEntry[], late: AsyncDebugReport['lateActivity']): string[] {
  const entries = receivedLine(test.diagnosis.filter(entry => ledgerKinds.has(entry.kind)), late)
  const debug = debugLine(test.sessions.at(-1)?.debug)
  const locals = localsLines(test.sessions.at(-1)?.locals)
  if (entries.length === 0 && errors.length === 0 && debug.length === 0 && locals.length === 0) {
    return []
  }
  const mark = test.state === 'failed' || errors.length > 0 ? pc.red('✗') : pc.yellow('!')
  const findings = [...errors.map(ownedErrorLines), ...diagnosisGroups(entries, test.sessions.length)]
  const hidden = findings.length - terminalLimits.perTest
  return [
    '',
    ` ${mark} ${pc.dim(`${printable(test.file)} >`)} ${printable(test.fullName)}`,
    ...findings.slice(0, terminalLimits.perTest).flat(),
    ...hidden > 0 ? [moreLine(hidden, 'findings for this test')] : [],
    ...debug,
    ...locals,
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
  return ledgerHeadlineParts(report).join(' · ')
}

const scopeNames = { 'suite-hook': 'a beforeAll or afterAll hook', 'module': 'the file\'s top level' } as const

/** Handles no test opened that were still open when the file ended: what keeps the worker from exiting. */
function teardownBlock(file: FileEntry): string[] {
  const unowned = file.teardown.filter(record => record.ownerScope !== 'test')
  if (unowned.length === 0) {
    return []
  }
  const counts = new Map<string, number>()
  for (const { ownerScope, operation } of unowned) {
    const line = `${describeOperation(operation)}, opened by ${scopeNames[ownerScope as keyof typeof scopeNames]}, was still open`
    counts.set(line, (counts.get(line) ?? 0) + 1)
  }
  const lines = [...counts].map(([line, count]) => `   ${pc.yellow('-')} ${printable(line)}${count > 1 ? ` (${count.toLocaleString('en-US')} of these)` : ''}.`)
  const hidden = lines.length - terminalLimits.perFile
  return [
    '',
    ` ${pc.yellow('!')} ${printable(file.file)} ${pc.dim('(when the file ended)')}`,
    ...lines.slice(0, terminalLimits.perFile),
    ...hidden > 0 ? [moreLine(hidden, 'kinds of handles left open in this file')] : [],
  ]
}

/**
 * With more tests than the block shows, failed ones (✗) are shown before warnings (!), each in report
 * order: a failure is never hidden behind a list of leaks.
 */
function mostImportantFirst(blocks: string[][]): string[][] {
  if (blocks.length <= terminalLimits.tests) {
    return blocks
  }
  const failed = (block: string[]): boolean => block[1]!.includes('✗')
  const shown = new Set([...blocks.filter(failed), ...blocks.filter(block => !failed(block))].slice(0, terminalLimits.tests))
  return [...blocks.filter(block => shown.has(block)), ...blocks.filter(block => !shown.has(block))]
}


/**
 * When more tests have findings than the block shows, the sites most of them share, with how many tests:
 * 870 tests that leave the same helper's socket open are one line to read, not 870 blocks.
 */
function commonSitesBlock(report: AsyncDebugReport): string[] {
  const common = commonSites(report, terminalLimits.commonSites)
  if (common.length === 0) {
    return []
  }
  return [
    '',
    ` ${pc.yellow('!')} ${pc.bold('Where most findings come from')}`,
    ...common.map(site => `   ${pc.yellow('-')} ${printable(`${site.words} ${site.file}:${site.line}`)}: ${plural(site.tests, 'test')}`),
  ]
}

/** The plugin's own failures come first: no finding should be read without knowing the plugin broke. */
function pluginFaultBlock(report: AsyncDebugReport): string[] {
  const faults = report.pluginFaults
  if (faults.length === 0) {
    return []
  }
  const lines = faults.slice(0, terminalLimits.perTest).map((fault) => {
    const where = fault.test ? `in "${printable(fault.test.fullName)}" (${printable(fault.file)})` : `in ${printable(fault.file)}`
    return `   ${pc.red('-')} while ${printable(fault.while)}, ${where}: ${printableFirstLine(`${fault.error.name}: ${fault.error.message}`)}`
  })
  return [
    '',
    ` ${pc.red('✗')} ${pc.bold(`vitest-async-debug itself failed ${faults.length === 1 ? 'once' : `${faults.length} times`}`)}: a bug in the plugin, not in your tests, which ran as they would without it. Findings near these may be incomplete.`,
    ...lines,
    ...faults.length > terminalLimits.perTest ? [moreLine(faults.length - terminalLimits.perTest, 'failures of the plugin')] : [],
    `   ${pc.dim('The stacks are in the JSON report (pluginFaults). asyncDebug({ enabled: false }) runs without the plugin.')}`,
  ]
}

/** The block printed after Vitest's own output: which test caused which unhandled error, left what running, waited on what. */
export function formatTerminalSummary(report: AsyncDebugReport): string[] {
  const errors = report.unhandledErrors
  const owned = errorsByTest(errors)
  const testBlocks = mostImportantFirst(report.tests.map(test => testBlock(test, owned.get(test.id) ?? [], report.lateActivity)).filter(block => block.length > 0))
  const fileBlocks = report.files.map(teardownBlock).filter(block => block.length > 0)
  const unownedBlocks = errors.map(unownedErrorBlock).filter(block => block.length > 0)
  const faults = pluginFaultBlock(report)
  if (errors.length === 0 && testBlocks.length === 0 && fileBlocks.length === 0 && faults.length === 0) {
    return []
  }
  const faultTitle = report.pluginFaults.length > 0 ? 'the plugin itself failed' : ''
  const title = [faultTitle, errorTitle(report), ledgerTitle(report), localsTitle(report)].filter(Boolean).join(' · ')
  const capped = (blocks: string[][], limit: number, what: string): string[] => [
    ...blocks.slice(0, limit).flat(),
    ...blocks.length > limit ? ['', moreLine(blocks.length - limit, what)] : [],
  ]
  return onceEach([
    '',
    `${pc.bgMagenta(pc.black(pc.bold(' ASYNC DEBUG ')))} ${title}`,
    ...faults,
    ...testBlocks.length > terminalLimits.tests ? commonSitesBlock(report) : [],
    ...capped(testBlocks, terminalLimits.tests, 'tests with findings'),
    ...capped(fileBlocks, terminalLimits.tests, 'files that ended with handles open'),
    ...capped(unownedBlocks, terminalLimits.unowned, 'errors no test caused'),
  ])
}
