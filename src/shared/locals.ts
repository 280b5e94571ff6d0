import type { SourceSite } from './ledger.js'

/** One variable of a frame, rendered as text the way Vitest renders values in its diffs. */
export interface LocalVariable {
  name: string
  value: string
}

/** A frame whose variables were read where the test failed. */
export interface LocalsFrame {
  /** `test`: the failing line in the test file; `helper`: the innermost frame in the project's own code, when the failure was thrown deeper. */
  role: 'test' | 'helper'
  /** In the original (TypeScript) source, relative to the project root. */
  site: SourceSite
  variables: LocalVariable[]
}

/**
 * The variables in scope where a test failed on its last attempt (`locals: true` or `--show-locals`).
 * `pause`: read while the failing throw was paused in this run, on the worker's own thread.
 */
export interface LocalsRecord {
  source: 'pause'
  frames: LocalsFrame[]
  /** Present when values were left out to stay within the size limit. */
  truncated?: true
  /** What could not be read: why there are no frames, or why the test's frame is missing (it was suspended at an await). */
  note?: string
}
