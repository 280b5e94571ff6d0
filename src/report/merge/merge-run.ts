import type { RunInfo } from '../../shared/report.js'

/** Every shard from 1 to the shard count is among `shards`. Reports without --shard have none to miss. */
function everyShardPresent(shards: readonly RunInfo['shard'][]): boolean {
  const count = shards[0]?.count
  if (count === undefined) {
    return true
  }
  const present = new Set(shards.map(shard => shard?.index))
  return Array.from({ length: count }, (_, index) => index + 1).every(index => present.has(index))
}

/**
 * The run of merged shards, from their runs in shard order: from the earliest start to the latest end;
 * failed when one failed (interrupted when one was); complete only when every shard ran and ran to the end.
 */
export function mergeRuns(runs: readonly RunInfo[]): RunInfo {
  const starts = runs.map(run => Date.parse(run.startedAt))
  const ends = runs.map(run => Date.parse(run.finishedAt))
  const startedAt = Math.min(...starts)
  const finishedAt = Math.max(...ends)
  const statuses = new Set(runs.map(run => run.status))
  return {
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: new Date(finishedAt).toISOString(),
    durationMs: finishedAt - startedAt,
    status: statuses.has('interrupted') ? 'interrupted' : statuses.has('failed') ? 'failed' : 'passed',
    complete: runs.every(run => run.complete) && everyShardPresent(runs.map(run => run.shard)),
    endedEarly: runs.find(run => run.endedEarly !== null)?.endedEarly ?? null,
    exitCode: null,
    merged: true,
    shard: null,
  }
}
