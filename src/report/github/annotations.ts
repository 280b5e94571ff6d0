import type { AsyncDebugReport, DiagnosisKind, UnhandledErrorEntry } from '../../shared/report.js'
import type { SessionRef } from '../../shared/session.js'
import type { SourceSite } from '../../shared/ledger.js'
import type { RepositoryPath } from './repository-path.js'
import { vitestsBlame } from '../model.js'
import { causeLine } from '../terminal.js'
import { printable, printableFirstLine } from '../terminal-text.js'
import { culpritSite } from './culprit-site.js'

/** One diagnosis as GitHub shows it next to a source line. */
export interface Annotation {
  level: 'error' | 'warning'
  /** Relative to the repository root. */
  file: string
  /** Null when the diagnosis has no site: the annotation is on the test's file. */
  line: number | null
  column: number | null
  title: string
  /** The test (or tests) and what the terminal block says about each. */
  message: string
}

/** The kinds that become annotations. The others point to a finding said elsewhere, or are not a problem. */
const annotated: Partial<Record<DiagnosisKind, { level: Annotation['level'], title: string }>> = {
  'timed-out': { level: 'error', title: 'Timed out waiting on this' },
  'left-running': { level: 'warning', title: 'Left running after its test ended' },
  'late-activity': { level: 'warning', title: 'Ran after its test ended' },
  'open-at-file-end': { level: 'warning', title: 'Still open when its file ended' },
  'abort-crossed-tests': { level: 'warning', title: 'An abort reached into another test' },
  'abort-ignored': { level: 'warning', title: 'An abort ignored by pending work' },
  'blocked-event-loop': { level: 'warning', title: 'Blocked the event loop' },
}

/** Tests named in one annotation; the rest are counted. */
const TESTS_PER_ANNOTATION = 3

interface Finding {
  level: Annotation['level']
  site: Pick<SourceSite, 'file' | 'line' | 'column'> | { file: string, line: null, column: null }
  title: string
  test: Pick<SessionRef, 'testId' | 'file' | 'fullName'>
  lines: string[]
  hint?: string
}

function errorFinding(entry: UnhandledErrorEntry): Finding | null {
  const { attribution } = entry
  if (attribution.status !== 'test') {
    return null
  }
  const lines = [printableFirstLine(`${entry.type} ${entry.name}: ${entry.message}`), causeLine(attribution)]
  if (!attribution.vitestAgrees) {
    lines.push(printable(vitestsBlame(entry)))
  }
  return {
    level: 'error',
    site: culpritSite(entry) ?? { file: attribution.test.file, line: null, column: null },
    title: printable(`${entry.type} caused by "${attribution.test.name}"`, 200),
    test: attribution.test,
    lines,
  }
}

function diagnosisFindings(report: AsyncDebugReport): Finding[] {
  return report.tests.flatMap(test => test.diagnosis.flatMap((entry) => {
    const kind = annotated[entry.kind]
    if (!kind) {
      return []
    }
    return [{
      ...kind,
      site: entry.site ?? { file: test.file, line: null, column: null },
      test: { testId: test.id, file: test.file, fullName: test.fullName },
      lines: [printable(entry.message)],
      ...entry.hint && { hint: printable(entry.hint) },
    }]
  }))
}

function messageOf(findings: readonly Finding[]): string {
  const byTest = new Map<string, Finding>()
  for (const finding of findings) {
    if (!byTest.has(finding.test.testId)) {
      byTest.set(finding.test.testId, finding)
    }
  }
  const tests = [...byTest.values()]
  const parts = tests.slice(0, TESTS_PER_ANNOTATION).map(finding => [`${printable(finding.test.file)} > ${printable(finding.test.fullName)}`, ...finding.lines].join('\n'))
  const more = tests.length - TESTS_PER_ANNOTATION
  if (more > 0) {
    parts.push(`… and ${more.toLocaleString('en-US')} more tests: see the report`)
  }
  const hints = [...new Set(findings.map(finding => finding.hint).filter(hint => hint !== undefined))]
  return [...parts, ...hints].join('\n\n')
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The report's diagnoses as annotations: unhandled errors at the culprit's site and timeouts at the awaited
 * operation's (errors), work left running or run late and aborts across tests (warnings). One annotation
 * per site and title, naming each test found there; errors first, then by file and line.
 */
export function githubAnnotations(report: AsyncDebugReport, repositoryPath: RepositoryPath): Annotation[] {
  const findings = [...report.unhandledErrors.map(errorFinding).filter(finding => finding !== null), ...diagnosisFindings(report)]
  const bySite = new Map<string, { annotation: Omit<Annotation, 'message'>, findings: Finding[] }>()
  for (const finding of findings) {
    const file = repositoryPath(finding.site.file)
    const key = [finding.level, file, finding.site.line, finding.site.column, finding.title].join('\u0000')
    const group = bySite.get(key) ?? { annotation: { level: finding.level, file, line: finding.site.line, column: finding.site.column, title: finding.title }, findings: [] }
    group.findings.push(finding)
    bySite.set(key, group)
  }
  return [...bySite.values()]
    .map(({ annotation, findings: here }) => ({ ...annotation, message: messageOf(here) }))
    .sort((a, b) => (a.level === b.level ? 0 : a.level === 'error' ? -1 : 1)
      || compareText(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || compareText(a.title, b.title))
}
