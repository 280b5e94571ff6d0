export type CheckStatus = 'pass' | 'warn' | 'fail'

/** One finding of `vitest-async-debug doctor`: its outcome, why, and what to do when it is not a pass. */
export interface DoctorCheck {
  /** Stable; the same ids as the report's environment checks where they check the same thing. */
  id: string
  status: CheckStatus
  title: string
  detail: string
  fix?: string
}

export interface DoctorResult {
  root: string
  checks: DoctorCheck[]
  /** The checks that need a loaded config, when there is none. */
  notChecked: { because: string, titles: string[] } | null
}

export function countByStatus(checks: readonly DoctorCheck[]): Record<CheckStatus, number> {
  const counts: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0 }
  for (const check of checks) {
    counts[check.status]++
  }
  return counts
}

export function passed(result: DoctorResult): boolean {
  return result.checks.every(check => check.status !== 'fail')
}
