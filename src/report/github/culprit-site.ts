import type { SourceSite } from '../../shared/ledger.js'
import type { UnhandledErrorEntry } from '../../shared/report.js'

const framePattern = /^\s*at (?:(?:async )?(.+?) \()?(.+?):(\d+):(\d+)\)?$/

/** A file of the project: the report writes those relative to the root; Node's, Vitest's and node_modules' are not. */
function isProjectFile(file: string): boolean {
  return !/^(?:node:|file:|data:|internal\/|<|\/|[A-Za-z]:[\\/]|\\\\)/.test(file) && !file.includes('node_modules/')
}

/**
 * Where an unhandled error came from in the project's code: the innermost stack frame in a project file
 * (the report's stacks are source-mapped, with paths relative to the root). Null when no frame is.
 */
export function culpritSite(error: Pick<UnhandledErrorEntry, 'stack'>): SourceSite | null {
  for (const line of (error.stack ?? '').split('\n')) {
    const frame = framePattern.exec(line)
    if (frame && isProjectFile(frame[2]!)) {
      return { file: frame[2]!, line: Number(frame[3]), column: Number(frame[4]), function: frame[1] ?? null }
    }
  }
  return null
}
