import type { AsyncDebugReport, TestAttribution, UnhandledErrorEntry } from '../shared/report.js'
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

function ownedErrorBlock(entry: UnhandledErrorEntry): string[] {
  if (entry.attribution.status !== 'test') {
    return []
  }
  const { attribution } = entry
  const lines = [
    '',
    ` ${pc.red('✗')} ${pc.dim(`${attribution.test.file} >`)} ${attribution.test.fullName}`,
    `   ${errorLine(entry)}`,
    `   ${causeLine(attribution)}`,
  ]
  if (!attribution.vitestAgrees) {
    lines.push(`   ${pc.yellow(`Vitest blamed ${entry.vitestBlamed ? `"${entry.vitestBlamed}"` : 'no test'}`)}`)
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

/** The block printed after Vitest's own output: which test caused which unhandled error. */
export function formatTerminalSummary(report: AsyncDebugReport): string[] {
  const errors = report.unhandledErrors
  if (errors.length === 0) {
    return []
  }
  const owned = report.summary.unhandledErrorsAttributedToTests
  const misattributed = report.summary.unhandledErrorsMisattributedByVitest
  const parts = [
    owned > 0 ? `${owned} caused by a test` : '',
    errors.length - owned > 0 ? `${errors.length - owned} outside any test` : '',
    misattributed > 0 ? `Vitest blamed the wrong test for ${misattributed}` : '',
  ].filter(Boolean)
  const title = `${errors.length} unhandled error${errors.length === 1 ? '' : 's'}: ${parts.join('; ')}`
  return [
    '',
    `${pc.bgMagenta(pc.black(pc.bold(' ASYNC DEBUG ')))} ${title}`,
    ...errors.flatMap(ownedErrorBlock),
    ...errors.flatMap(unownedErrorBlock),
  ]
}
