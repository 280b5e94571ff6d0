import type { AsyncDebugReport, UnhandledErrorEntry } from '../shared/report.js'
import pc from 'picocolors'

function firstLine(text: string): string {
  return text.split('\n')[0] ?? ''
}

function errorLine(entry: UnhandledErrorEntry): string {
  return `${pc.red(entry.type)} ${pc.bold(`${entry.name}: ${firstLine(entry.message)}`)}`
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
    `   ${attribution.explanation}`,
  ]
  if (!attribution.vitestAgrees) {
    lines.push(`   ${pc.yellow(`Vitest blamed ${entry.vitestBlamed ? `"${entry.vitestBlamed}"` : 'no test'}; the error comes from this test.`)}`)
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
  const title = `${errors.length} unhandled error${errors.length === 1 ? '' : 's'}: ${owned} traced to the test that caused ${owned === 1 ? 'it' : 'them'}`
    + (report.summary.unhandledErrorsMisattributedByVitest > 0 ? `, ${report.summary.unhandledErrorsMisattributedByVitest} of them blamed on another test by Vitest` : '')
  return [
    '',
    `${pc.bgMagenta(pc.black(pc.bold(' ASYNC DEBUG ')))} ${title}`,
    ...errors.flatMap(ownedErrorBlock),
    ...errors.flatMap(unownedErrorBlock),
  ]
}
