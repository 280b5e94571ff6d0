import type { AsyncDebugReport, DiagnosisKind, ReportSummary } from '../../shared/report.js'
import type { SourceSite } from '../../shared/ledger.js'

/** Version of the `report --json` document; it changes when a field is removed or changes meaning. */
export const REPORT_DIGEST_VERSION = 1

export interface ReportDigest {
  schemaVersion: typeof REPORT_DIGEST_VERSION
  tool: 'vitest-async-debug report'
  source: string
  reportSchemaVersion: number
  run: Pick<AsyncDebugReport['run'], 'status' | 'startedAt' | 'finishedAt' | 'complete' | 'shard'> & { shards: number }
  summary: ReportSummary
  /** Every diagnosis of every test, in the report's order of tests. */
  diagnoses: { testId: string, test: string, file: string, kind: DiagnosisKind, message: string, site: SourceSite | null, hint: string | null }[]
  /** Each unhandled error with the test that caused it and the test Vitest blamed. */
  unhandledErrors: { name: string, message: string, causedBy: string | null, vitestBlamed: string | null, vitestAgrees: boolean | null }[]
}

/** The machine-readable gist of a report: what a CI script needs without walking the whole report. */
export function reportDigest(report: AsyncDebugReport, source: string): ReportDigest {
  return {
    schemaVersion: REPORT_DIGEST_VERSION,
    tool: 'vitest-async-debug report',
    source,
    reportSchemaVersion: report.schemaVersion,
    run: { status: report.run.status, startedAt: report.run.startedAt, finishedAt: report.run.finishedAt, complete: report.run.complete, shard: report.run.shard, shards: report.shards.length },
    summary: report.summary,
    diagnoses: report.tests.flatMap(test => test.diagnosis.map(entry => ({
      testId: test.id,
      test: test.fullName,
      file: test.file,
      kind: entry.kind,
      message: entry.message,
      site: entry.site ?? null,
      hint: entry.hint ?? null,
    }))),
    unhandledErrors: report.unhandledErrors.map(error => ({
      name: error.name,
      message: error.message,
      causedBy: error.attribution.status === 'test' ? error.attribution.test.fullName : null,
      vitestBlamed: error.vitestBlamed,
      vitestAgrees: error.attribution.status === 'test' ? error.attribution.vitestAgrees : null,
    })),
  }
}
