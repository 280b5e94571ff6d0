import type { AsyncDebugReport } from '../../shared/report.js'

/** A report to merge, and the file it was read from: refusals name it, and the merged report's `shards` keep its base name. */
export interface MergeInput {
  path: string
  report: AsyncDebugReport
}
