import type { TestEntry } from '../../../shared/report.js'

/** The list's yes/no filters, in the order the filter bar shows them. */
export const filterFlags = ['failed', 'diagnosis', 'flaky', 'left-running', 'timed-out', 'aborts'] as const
export type FilterFlag = typeof filterFlags[number]

export const flagLabels: Record<FilterFlag, string> = {
  'failed': 'Failed',
  'diagnosis': 'Has diagnosis',
  'flaky': 'Flaky',
  'left-running': 'Left work running',
  'timed-out': 'Timed out',
  'aborts': 'Aborts',
}

const flagBits: Record<FilterFlag, number> = {
  'failed': 1,
  'diagnosis': 2,
  'flaky': 4,
  'left-running': 8,
  'timed-out': 16,
  'aborts': 32,
}

export interface TestFilter {
  flags: FilterFlag[]
  file: string
  text: string
}

export const noFilter: TestFilter = { flags: [], file: '', text: '' }

/** A test as the list filters it: computed once per data, so a filter is one pass of cheap checks. */
export interface TestRow {
  test: TestEntry
  bits: number
  /** Lower-cased name, full name, file and diagnosis messages. */
  haystack: string
}

export function testRow(test: TestEntry): TestRow {
  let bits = 0
  if (test.state === 'failed') {
    bits |= flagBits.failed
  }
  if (test.diagnosis.length > 0) {
    bits |= flagBits.diagnosis
  }
  if (test.flaky) {
    bits |= flagBits.flaky
  }
  for (const entry of test.diagnosis) {
    if (entry.kind === 'left-running') {
      bits |= flagBits['left-running']
    }
    else if (entry.kind === 'timed-out') {
      bits |= flagBits['timed-out']
    }
    else if (entry.kind === 'abort-crossed-tests' || entry.kind === 'abort-ignored') {
      bits |= flagBits.aborts
    }
  }
  if (test.sessions.some(session => (session.aborts?.length ?? 0) > 0)) {
    bits |= flagBits.aborts
  }
  const haystack = [test.name, test.fullName, test.file, ...test.diagnosis.map(entry => entry.message)].join('\n').toLowerCase()
  return { test, bits, haystack }
}

export function hasFlag(row: TestRow, flag: FilterFlag): boolean {
  return (row.bits & flagBits[flag]) !== 0
}

/** Positions of the rows that pass every filter: one pass over the rows. */
export function filterRows(rows: readonly TestRow[], filter: TestFilter): number[] {
  const mask = filter.flags.reduce((bits, flag) => bits | flagBits[flag], 0)
  const needle = filter.text.trim().toLowerCase()
  const matches: number[] = []
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!
    if ((row.bits & mask) === mask && (filter.file === '' || row.test.file === filter.file) && (needle === '' || row.haystack.includes(needle))) {
      matches.push(index)
    }
  }
  return matches
}

export function flagCounts(rows: readonly TestRow[]): Record<FilterFlag, number> {
  const counts = Object.fromEntries(filterFlags.map(flag => [flag, 0])) as Record<FilterFlag, number>
  for (const row of rows) {
    for (const flag of filterFlags) {
      if ((row.bits & flagBits[flag]) !== 0) {
        counts[flag]++
      }
    }
  }
  return counts
}

export function filterFromParams(params: URLSearchParams): TestFilter {
  return {
    flags: filterFlags.filter(flag => params.get(flag) === '1'),
    file: params.get('file') ?? '',
    text: params.get('q') ?? '',
  }
}

export function filterToParams(filter: TestFilter): URLSearchParams {
  const params = new URLSearchParams()
  for (const flag of filter.flags) {
    params.set(flag, '1')
  }
  if (filter.file) {
    params.set('file', filter.file)
  }
  if (filter.text) {
    params.set('q', filter.text)
  }
  return params
}
