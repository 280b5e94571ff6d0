import type { MergeInput } from './merge-input.js'
import { basename } from 'node:path'

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Shard 1 first; reports without a shard by file name. The order the inputs were given in does not matter. */
export function inShardOrder(inputs: readonly MergeInput[]): MergeInput[] {
  return [...inputs].sort((a, b) =>
    (a.report.run.shard?.index ?? 0) - (b.report.run.shard?.index ?? 0)
    || compareText(basename(a.path), basename(b.path))
    || compareText(a.path, b.path))
}

/** "shard 2/4", or "a run without --shard". */
export function shardText(input: MergeInput): string {
  const { shard } = input.report.run
  return shard ? `shard ${shard.index}/${shard.count}` : 'a run without --shard'
}
