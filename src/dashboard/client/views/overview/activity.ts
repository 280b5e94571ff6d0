import type { TestEntry } from '../../../../shared/report.js'

export interface Activity {
  /** Bucket starts, epoch seconds. */
  times: number[]
  finished: number[]
  failed: number[]
  bucketMs: number
}

/** Buckets of about a second for short runs, and at most ~120 buckets for long ones. */
function bucketSize(spanMs: number): number {
  const steps = [250, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000]
  return steps.find(step => spanMs / step <= 120) ?? 900_000
}

/** Test attempts that finished, and those that failed, per time bucket (from the sessions' endedAt). */
export function activityOverTime(tests: readonly TestEntry[]): Activity | null {
  let start = Infinity
  let end = -Infinity
  for (const test of tests) {
    for (const session of test.sessions) {
      start = Math.min(start, session.startedAt)
      end = Math.max(end, session.endedAt)
    }
  }
  if (!Number.isFinite(start)) {
    return null
  }
  const bucketMs = bucketSize(end - start)
  const first = Math.floor(start / bucketMs) * bucketMs
  // At least two buckets: a time axis over a single point has no width.
  const count = Math.max(2, Math.floor((end - first) / bucketMs) + 1)
  const finished = new Array<number>(count).fill(0)
  const failed = new Array<number>(count).fill(0)
  for (const test of tests) {
    for (const session of test.sessions) {
      const bucket = Math.floor((session.endedAt - first) / bucketMs)
      finished[bucket]! += 1
      if (session.state === 'failed') {
        failed[bucket]! += 1
      }
    }
  }
  const times = finished.map((_, index) => (first + index * bucketMs) / 1000)
  return { times, finished, failed, bucketMs }
}

export interface RecentFigures {
  finished: number
  failed: number
  perSecond: number
  /** Length of the window, up to a minute. */
  windowMs: number
}

/** The last minute up to `until` (now in a live run, the last session end in a report). */
export function lastMinute(tests: readonly TestEntry[], until: number, windowMs = 60_000): RecentFigures {
  let finished = 0
  let failed = 0
  let earliest = Infinity
  for (const test of tests) {
    for (const session of test.sessions) {
      earliest = Math.min(earliest, session.startedAt)
      if (session.endedAt > until - windowMs && session.endedAt <= until) {
        finished++
        if (session.state === 'failed') {
          failed++
        }
      }
    }
  }
  const window = Math.max(1, Math.min(windowMs, until - earliest))
  return { finished, failed, perSecond: finished / (window / 1000), windowMs: window }
}
