import type { AsyncDebugReport, TestAttribution, UnhandledErrorEntry } from '../../shared/report.js'
import type { Annotation } from './annotations.js'
import type { RepositoryPath } from './repository-path.js'
import { ledgerHeadlineParts } from '../../shared/ledger-headline.js'
import { PLUGIN_NAME } from '../../shared/constants.js'
import { printable, printableFirstLine } from '../terminal-text.js'
import { culpritSite } from './culprit-site.js'
import { markdownLink, markdownText } from './markdown.js'

/** Rows of each table; the report has the rest. */
export const summaryLimits = { misattributed: 10, diagnoses: 10, message: 600 } as const

export interface StepSummaryInput {
  report: AsyncDebugReport
  /** The run's annotations, all of them (not only those printed). */
  annotations: readonly Annotation[]
  /** How many annotations were printed. */
  annotated: number
  repositoryPath: RepositoryPath
  /** The reports as written, relative to the repository root; null when not written. */
  written: { json: string | null, html: string | null }
  /** Links source sites to the commit on GitHub: `GITHUB_SERVER_URL/GITHUB_REPOSITORY/blob/GITHUB_SHA/<file>#L<line>`; null without them. */
  blobUrl: string | null
}

function plural(count: number, word: string, words = `${word}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? word : words}`
}

/** A path as inline code (a backtick in it would end the span). */
function code(text: string): string {
  return `\`${text.replace(/`/g, '\'')}\``
}

function siteLink(input: StepSummaryInput, file: string, line: number | null): string {
  const text = code(`${file}${line === null ? '' : `:${line}`}`)
  const inRepository = !file.startsWith('/') && !/^[A-Za-z]:/.test(file)
  return markdownLink(text, input.blobUrl && inRepository ? `${input.blobUrl}/${file}${line === null ? '' : `#L${line}`}` : null)
}

function countsTable(report: AsyncDebugReport): string[] {
  const { summary } = report
  const columns: [string, number][] = [
    ['Tests', summary.tests],
    ['Passed', summary.passed],
    ['Failed', summary.failed],
    ['Skipped', summary.skipped],
    ['Flaky', summary.flaky],
    ['With findings', summary.testsWithDiagnosis],
    ['Unhandled errors', summary.unhandledErrors],
    ['Caused by a test', summary.unhandledErrorsAttributedToTests],
    ['Vitest blamed the wrong test', summary.unhandledErrorsMisattributedByVitest],
  ]
  return [
    `| ${columns.map(([name]) => name).join(' | ')} |`,
    `| ${columns.map(() => '---:').join(' | ')} |`,
    `| ${columns.map(([, count]) => count.toLocaleString('en-US')).join(' | ')} |`,
  ]
}

function isMisattributed(entry: UnhandledErrorEntry): entry is UnhandledErrorEntry & { attribution: TestAttribution, vitestBlamed: string } {
  return entry.attribution.status === 'test' && !entry.attribution.vitestAgrees && entry.vitestBlamed !== null
}

/** The unhandled errors Vitest put on the wrong test: what it named, and the test that caused each, with the site. */
function misattributedSection(input: StepSummaryInput): string[] {
  const wrong = input.report.unhandledErrors.filter(isMisattributed)
  if (wrong.length === 0) {
    return []
  }
  const rows = wrong.slice(0, summaryLimits.misattributed).map((entry) => {
    const site = culpritSite(entry)
    const named = `${markdownText(printable(`"${entry.vitestBlamed}"`))}${entry.surfacedIn ? ` in ${siteLink(input, input.repositoryPath(entry.surfacedIn), null)}` : ''}`
    const cause = `${markdownText(printable(`"${entry.attribution.test.fullName}"`))} in ${siteLink(input, input.repositoryPath(entry.attribution.test.file), null)}`
    const where = site ? siteLink(input, input.repositoryPath(site.file), site.line) : 'no project frame in the stack'
    return `| ${markdownText(printableFirstLine(`${entry.type} ${entry.name}: ${entry.message}`))} | ${named} | ${cause} | ${where} |`
  })
  const more = wrong.length - rows.length
  return [
    '',
    `### Unhandled errors Vitest blamed on the wrong test`,
    '',
    '| Error | Vitest named | Caused by | Where |',
    '| --- | --- | --- | --- |',
    ...rows,
    ...more > 0 ? ['', `… and ${plural(more, 'more error')}: see the report.`] : [],
  ]
}

function diagnosesSection(input: StepSummaryInput): string[] {
  const { annotations } = input
  if (annotations.length === 0) {
    return []
  }
  const rows = annotations.slice(0, summaryLimits.diagnoses).map((annotation) => {
    const finding = `**${markdownText(annotation.title)}**<br>${markdownText(printable(annotation.message, summaryLimits.message))}`
    return `| ${annotation.level} | ${siteLink(input, annotation.file, annotation.line)} | ${finding} |`
  })
  const more = annotations.length - rows.length
  return [
    '',
    '### Top diagnoses',
    '',
    '| | Where | Finding |',
    '| --- | --- | --- |',
    ...rows,
    ...more > 0 ? ['', `… and ${plural(more, 'more diagnosis', 'more diagnoses')}: see the report.`] : [],
  ]
}

function reportsSection(input: StepSummaryInput): string[] {
  const { json, html } = input.written
  const leftOut = input.annotations.length - input.annotated
  const lines = [
    json ? `- JSON report: ${code(json)}` : '',
    html ? `- HTML report: ${code(html)} (one self-contained page)` : '',
    json === null && html === null ? '- No report was written (`reportFile` and `htmlReport` are off, or could not be written).' : '',
    leftOut > 0 ? `- ${plural(leftOut, 'diagnosis', 'diagnoses')} not annotated (\`ci.maxAnnotations\` is ${input.annotated}): every one is in the report.` : '',
  ].filter(Boolean)
  return ['', '### Reports', '', ...lines]
}

/** The run in Markdown for `$GITHUB_STEP_SUMMARY`: counts, the culprits Vitest blamed wrongly, the top diagnoses, the reports. */
export function stepSummary(input: StepSummaryInput): string {
  const { report } = input
  const headline = ledgerHeadlineParts(report)
  const status = report.run.status === 'passed' ? 'passed' : report.run.status === 'failed' ? 'failed' : `was interrupted (${report.run.endedEarly?.detail ?? 'it ended early'})`
  const shard = report.run.shard ? ` (shard ${report.run.shard.index}/${report.run.shard.count})` : ''
  return [
    `## ${PLUGIN_NAME}`,
    '',
    `The run${shard} ${markdownText(status)}: ${plural(report.summary.tests, 'test')} in ${plural(report.summary.files, 'file')}.`,
    '',
    ...countsTable(report),
    ...headline.length > 0 ? ['', markdownText(headline.join(' · '))] : [],
    ...misattributedSection(input),
    ...diagnosesSection(input),
    ...reportsSection(input),
    '',
  ].join('\n')
}
