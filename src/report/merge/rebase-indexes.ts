import type { LateActivityRecord } from '../../shared/ledger.js'
import type { AsyncDebugReport, DiagnosisEntry, TestEntry, UnhandledErrorEntry } from '../../shared/report.js'
import { sortLate } from '../ledger-diagnosis.js'
import { sortUnhandledErrors } from '../model.js'

interface IndexedLists {
  unhandledErrors: UnhandledErrorEntry[]
  lateActivity: LateActivityRecord[]
  /** Per input: where each of its entries went, by its old index. */
  errorIndex: number[][]
  lateIndex: number[][]
}

/** Each entry's place in `sorted`, per input, by its index there. Entries are told apart by identity, so each is a fresh copy. */
function newIndexes<T extends object>(copies: T[][], sorted: readonly T[]): number[][] {
  const placeOf = new Map(sorted.map((entry, index) => [entry, index]))
  return copies.map(list => list.map(entry => placeOf.get(entry)!))
}

/**
 * The unhandled errors and late activity of every input in one list each, sorted as one run sorts them
 * (errors after their owning test in `tests`, late activity by owning test), with the new index of each entry.
 */
function mergeIndexedLists(reports: readonly AsyncDebugReport[], tests: TestEntry[]): IndexedLists {
  const errorCopies = reports.map(report => report.unhandledErrors.map(entry => ({ ...entry })))
  const lateCopies = reports.map(report => report.lateActivity.map(record => ({ ...record })))
  const unhandledErrors = sortUnhandledErrors(errorCopies.flat(), tests)
  const lateActivity = sortLate(lateCopies.flat())
  return { unhandledErrors, lateActivity, errorIndex: newIndexes(errorCopies, unhandledErrors), lateIndex: newIndexes(lateCopies, lateActivity) }
}

function rebaseEntry(entry: DiagnosisEntry, errorIndex: readonly number[], lateIndex: readonly number[]): DiagnosisEntry {
  if (entry.unhandledError === undefined && entry.lateActivity === undefined) {
    return entry
  }
  return {
    ...entry,
    ...entry.unhandledError !== undefined && { unhandledError: errorIndex[entry.unhandledError] },
    ...entry.lateActivity !== undefined && { lateActivity: lateIndex[entry.lateActivity] },
  }
}

/** A test and the input it came from. */
export interface TestOfInput {
  test: TestEntry
  input: number
}

/**
 * Merges the lists that diagnoses point into, and points every diagnosis at its entry's new place.
 * `tests` are the merged tests in report order, each with the index of the report it came from.
 */
export function mergeWithIndexes(reports: readonly AsyncDebugReport[], tests: readonly TestOfInput[]): Pick<AsyncDebugReport, 'tests' | 'unhandledErrors' | 'lateActivity'> {
  const lists = mergeIndexedLists(reports, tests.map(({ test }) => test))
  const rebased = tests.map(({ test, input }) => {
    const pointsIntoLists = test.diagnosis.some(entry => entry.unhandledError !== undefined || entry.lateActivity !== undefined)
    return pointsIntoLists ? { ...test, diagnosis: test.diagnosis.map(entry => rebaseEntry(entry, lists.errorIndex[input]!, lists.lateIndex[input]!)) } : test
  })
  return { tests: rebased, unhandledErrors: lists.unhandledErrors, lateActivity: lists.lateActivity }
}
