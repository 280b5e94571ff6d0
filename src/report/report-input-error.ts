/** Stable codes for a report that cannot be read, or reports that cannot be merged. */
export type ReportInputErrorCode =
  | 'ASYNC_DEBUG_REPORT_NOT_FOUND'
  | 'ASYNC_DEBUG_REPORT_IS_FOLDER'
  | 'ASYNC_DEBUG_REPORT_UNREADABLE'
  | 'ASYNC_DEBUG_REPORT_NOT_JSON'
  | 'ASYNC_DEBUG_NOT_A_REPORT'
  | 'ASYNC_DEBUG_REPORT_SCHEMA_VERSION'
  | 'ASYNC_DEBUG_REPORT_INCOMPLETE'
  | 'ASYNC_DEBUG_MERGE_NO_INPUT'
  | 'ASYNC_DEBUG_MERGE_ALREADY_MERGED'
  | 'ASYNC_DEBUG_MERGE_SCHEMA_VERSIONS'
  | 'ASYNC_DEBUG_MERGE_OTHER_SUITE'
  | 'ASYNC_DEBUG_MERGE_OTHER_PROJECTS'
  | 'ASYNC_DEBUG_MERGE_SHARD_COUNTS'
  | 'ASYNC_DEBUG_MERGE_SAME_SHARD'
  | 'ASYNC_DEBUG_MERGE_NOT_SHARDS'

/** A saved report that cannot be read, or reports that cannot be merged: the message names the files and the fix. */
export class ReportInputError extends Error {
  override name = 'ReportInputError'

  constructor(readonly code: ReportInputErrorCode, message: string) {
    super(message)
  }
}
