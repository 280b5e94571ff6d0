import type { AsyncDebugReport, DiagnosisKind } from './report.js'

/** How a site is named in "where most findings come from", by the kind of finding there. */
export const siteKindWords: Partial<Record<DiagnosisKind, string>> = {
  'timed-out': 'timed out waiting on',
  'left-running': 'left running',
  'late-activity': 'ran late',
  'abort-crossed-tests': 'aborted across tests at',
  'abort-ignored': 'aborted, ignored, at',
  'open-at-file-end': 'open when the file ended',
  'still-closing': 'still closing',
  'blocked-event-loop': 'blocked the event loop at',
}

export interface CommonSite {
  words: string
  file: string
  line: number
  tests: number
}

/**
 * Sites that findings of several tests share, most shared first: 870 tests that leave the same
 * helper's socket open are one line to read. The terminal block and the page show the same list.
 */
export function commonSites(report: AsyncDebugReport, limit: number): CommonSite[] {
  const bySite = new Map<string, { site: Omit<CommonSite, 'tests'>, tests: Set<string> }>()
  for (const test of report.tests) {
    for (const entry of test.diagnosis) {
      const words = siteKindWords[entry.kind]
      if (words && entry.site) {
        const key = `${words}\u0000${entry.site.file}:${entry.site.line}`
        const known = bySite.get(key) ?? { site: { words, file: entry.site.file, line: entry.site.line }, tests: new Set<string>() }
        known.tests.add(test.id)
        bySite.set(key, known)
      }
    }
  }
  return [...bySite.values()]
    .filter(({ tests }) => tests.size > 1)
    .map(({ site, tests }) => ({ ...site, tests: tests.size }))
    .sort((a, b) => b.tests - a.tests)
    .slice(0, limit)
}
