import type { NoTestAttribution, TestAttribution, UnhandledErrorEntry } from '../shared/report.js'
import type { SessionRef, UnhandledErrorRecord } from '../shared/session.js'
import type { VitestErrorInput } from './inputs.js'
import { toErrorEntry } from './collect.js'
import { projectRelative } from './paths.js'

const workerCrashPattern = /Worker (?:forks|threads|vmForks|vmThreads|\S+) emitted error|Worker exited unexpectedly|Channel closed/

function quote(ref: SessionRef): string {
  return `"${ref.fullName}" (${ref.file})`
}

function runningTestsText(surfacedDuring: SessionRef[]): string {
  if (surfacedDuring.length === 0) {
    return 'no test was running'
  }
  return `${surfacedDuring.map(quote).join(' and ')} ${surfacedDuring.length === 1 ? 'was' : 'were'} running`
}

function attributeToTest(record: UnhandledErrorRecord & { owner: NonNullable<UnhandledErrorRecord['owner']> }, error: VitestErrorInput, root: string): TestAttribution {
  const { owner } = record
  const { ended: _ended, msAfterEnd, ...test } = owner
  const phase = owner.ended ? 'after-test' : 'during-test'
  const vitestFile = error.VITEST_TEST_PATH ? projectRelative(error.VITEST_TEST_PATH, root) : null
  const vitestAgrees = error.VITEST_TEST_NAME === owner.name && vitestFile === owner.file
  const when = phase === 'after-test'
    ? `surfaced ${msAfterEnd ?? 0} ms after that test ended, while ${runningTestsText(record.surfacedDuring)}`
    : 'surfaced while that test was running'
  const operation = record.operation ? ` It came from the tracked operation "${record.operation}".` : ''
  return {
    status: 'test',
    test,
    phase,
    msAfterTestEnded: phase === 'after-test' ? msAfterEnd : null,
    surfacedDuring: record.surfacedDuring,
    operation: record.operation,
    vitestAgrees,
    explanation: `Created by ${quote(owner)} and ${when}.${operation}`,
  }
}

function attributeToNoTest(record: UnhandledErrorRecord | undefined, error: VitestErrorInput, root: string): NoTestAttribution {
  const file = error.VITEST_TEST_PATH ? projectRelative(error.VITEST_TEST_PATH, root) : null
  if (!record) {
    const text = `${String(error.message ?? '')}\n${String((error.cause as VitestErrorInput | undefined)?.message ?? '')}`
    if (workerCrashPattern.test(text)) {
      return { status: 'no-test', reason: 'worker-crash', file, explanation: 'A test worker ended unexpectedly (crashed, was killed, or called process.exit); the tests it was running have no result.' }
    }
    return { status: 'no-test', reason: 'not-observed', file, explanation: 'No test worker reported this error to vitest-async-debug: it came from Vitest or the pool itself, from a project the plugin does not instrument, or after its test file had finished.' }
  }
  if (record.suiteFile) {
    return { status: 'no-test', reason: 'suite-hook', file: record.suiteFile, explanation: `Created by suite-level code of ${record.suiteFile} (a beforeAll or afterAll hook), which belongs to no single test.` }
  }
  const where = record.surfacedWhileCollecting ? 'while a test file was being imported' : `while ${runningTestsText(record.surfacedDuring)}`
  return { status: 'no-test', reason: 'outside-tests', file, explanation: `Created outside any test: at module top level, in a setup file, or by a library outside a test's async context; it surfaced ${where}.` }
}

function sameError(record: UnhandledErrorRecord, error: VitestErrorInput, byStack: boolean): boolean {
  if (record.error.message !== String(error.message)) {
    return false
  }
  return !byStack || record.error.stack === (typeof error.stack === 'string' ? error.stack : null)
}

/** Pairs each error Vitest caught with what a worker saw of it: first by exact stack, then by message. */
function matchRecords(errors: readonly VitestErrorInput[], records: readonly UnhandledErrorRecord[]): (UnhandledErrorRecord | undefined)[] {
  const unused = new Set(records)
  const matches: (UnhandledErrorRecord | undefined)[] = errors.map(() => undefined)
  for (const byStack of [true, false]) {
    errors.forEach((error, index) => {
      if (matches[index]) {
        return
      }
      const record = [...unused].find(candidate => sameError(candidate, error, byStack) && (!error.type || candidate.type === error.type))
      if (record) {
        unused.delete(record)
        matches[index] = record
      }
    })
  }
  return matches
}

/** One entry per unhandled error Vitest reported, with the test (or the reason no test) that caused it. */
export function attributeUnhandledErrors(errors: readonly VitestErrorInput[], records: readonly UnhandledErrorRecord[], root: string): UnhandledErrorEntry[] {
  const matches = matchRecords(errors, records)
  return errors.map((error, index) => {
    const record = matches[index]
    const attribution = record?.owner
      ? attributeToTest({ ...record, owner: record.owner }, error, root)
      : attributeToNoTest(record, error, root)
    return {
      type: error.type ?? 'Unhandled Error',
      ...toErrorEntry(error),
      surfacedIn: error.VITEST_TEST_PATH ? projectRelative(error.VITEST_TEST_PATH, root) : null,
      vitestBlamed: error.VITEST_TEST_NAME ?? null,
      attribution,
    }
  })
}
