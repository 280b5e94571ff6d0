import type { PageData } from '../../../shared/page-data.js'
import type { TestEntry, TestSession } from '../../../shared/report.js'
import type { TestRow } from './test-filters'
import { testRow } from './test-filters'

export interface SessionAt {
  test: TestEntry
  session: TestSession
}

/** Look-ups the views share, built once per data. */
export interface PageIndex {
  rows: TestRow[]
  testsById: Map<string, TestEntry>
  sessionsById: Map<string, SessionAt>
  /** Test files, sorted. */
  files: string[]
  /** Test id → indexes into `unhandledErrors` of errors it caused. */
  errorsCausedBy: Map<string, number[]>
  /** Test id → indexes of errors that surfaced while it ran, or that Vitest blamed on it. */
  errorsSurfacedIn: Map<string, number[]>
  /** Test id → indexes into `lateActivity` of its own work that ran late. */
  lateOwnedBy: Map<string, number[]>
  /** Test id → indexes of other tests' work that ran during it. */
  lateDuring: Map<string, number[]>
  /** Test name → tests of that name: how Vitest names the test it blames. */
  testsByName: Map<string, TestEntry[]>
  /** Epoch ms of the first session start and the last session end; null without sessions. */
  span: { start: number, end: number } | null
}

function add(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key)
  if (list) {
    if (list.at(-1) !== value) {
      list.push(value)
    }
  }
  else {
    map.set(key, [value])
  }
}

export function buildIndex(data: PageData): PageIndex {
  const { report } = data
  const testsById = new Map<string, TestEntry>()
  const sessionsById = new Map<string, SessionAt>()
  const files = new Set<string>()
  const testsByName = new Map<string, TestEntry[]>()
  let start = Infinity
  let end = -Infinity
  for (const test of report.tests) {
    testsById.set(test.id, test)
    files.add(test.file)
    const named = testsByName.get(test.name)
    if (named) {
      named.push(test)
    }
    else {
      testsByName.set(test.name, [test])
    }
    for (const session of test.sessions) {
      sessionsById.set(session.id, { test, session })
      start = Math.min(start, session.startedAt)
      end = Math.max(end, session.endedAt)
    }
  }
  const errorsCausedBy = new Map<string, number[]>()
  const errorsSurfacedIn = new Map<string, number[]>()
  report.unhandledErrors.forEach((error, index) => {
    if (error.attribution.status === 'test') {
      add(errorsCausedBy, error.attribution.test.testId, index)
      for (const ref of error.attribution.surfacedDuring) {
        add(errorsSurfacedIn, ref.testId, index)
      }
    }
    const blamed = blamedTest(testsByName, error.vitestBlamed, error.surfacedIn)
    if (blamed) {
      add(errorsSurfacedIn, blamed.id, index)
    }
  })
  const lateOwnedBy = new Map<string, number[]>()
  const lateDuring = new Map<string, number[]>()
  report.lateActivity.forEach((record, index) => {
    add(lateOwnedBy, record.owner.testId, index)
    if (record.during) {
      add(lateDuring, record.during.testId, index)
    }
  })
  return {
    rows: report.tests.map(testRow),
    testsById,
    sessionsById,
    files: [...files].sort(),
    errorsCausedBy,
    errorsSurfacedIn,
    lateOwnedBy,
    lateDuring,
    testsByName,
    span: Number.isFinite(start) ? { start, end } : null,
  }
}

/** The test Vitest named (by its name, in the file the error surfaced in), when exactly one fits. */
export function blamedTest(testsByName: PageIndex['testsByName'], name: string | null, file: string | null): TestEntry | undefined {
  if (!name) {
    return undefined
  }
  const candidates = (testsByName.get(name) ?? []).filter(test => file === null || test.file === file)
  return candidates.length === 1 ? candidates[0] : undefined
}
