import type { AsyncDebugReport, ShardEntry } from '../../shared/report.js'
import type { MergeInput } from './merge-input.js'
import type { TestOfInput } from './rebase-indexes.js'
import { basename } from 'node:path'
import { byFileThenProject, summarize } from '../model.js'
import { checkMergeable } from './check-mergeable.js'
import { mergeRuns } from './merge-run.js'
import { mergeWithIndexes } from './rebase-indexes.js'
import { inShardOrder } from './shard-order.js'

export type { MergeInput } from './merge-input.js'

const byFile = (a: { file: string }, b: { file: string }): number => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)

function shardEntry({ path, report }: MergeInput): ShardEntry {
  return { source: basename(path), shard: report.run.shard, run: report.run, environment: report.environment, summary: report.summary }
}

/**
 * Merges the reports of the `--shard` runs of one suite into the report of the whole run: every test once,
 * in the order one run gives them, with the unhandled errors and late activity they point to; counts
 * recomputed; `shards` lists each input. Deterministic and free of I/O. Throws a ReportInputError when the
 * inputs are not the shards of one run (another suite or schema version, the same shard or test twice).
 */
export function mergeReports(inputs: readonly MergeInput[]): AsyncDebugReport {
  const ordered = inShardOrder(inputs)
  checkMergeable(ordered)
  const reports = ordered.map(input => input.report)
  const first = reports[0]!
  // Stable: a file is in one shard only, so its tests keep their order.
  const tests: TestOfInput[] = reports.flatMap((report, input) => report.tests.map(test => ({ test, input })))
    .sort((a, b) => byFileThenProject(a.test, b.test))
  const files = reports.flatMap(report => report.files).sort(byFileThenProject)
  const merged = mergeWithIndexes(reports, tests)
  return {
    schemaVersion: first.schemaVersion,
    generator: first.generator,
    run: mergeRuns(reports.map(report => report.run)),
    environment: first.environment,
    summary: summarize(merged.tests, files.length, merged.unhandledErrors),
    files,
    tests: merged.tests,
    unhandledErrors: merged.unhandledErrors,
    lateActivity: merged.lateActivity,
    debugServers: {
      workers: reports.flatMap(report => report.debugServers.workers),
      dap: reports.find(report => report.debugServers.dap !== null)?.debugServers.dap ?? null,
    },
    pluginFaults: reports.flatMap(report => report.pluginFaults).sort(byFile),
    shards: ordered.map(shardEntry),
  }
}
