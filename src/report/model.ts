import type { DapAddress, DebugServerRecord } from '../shared/debug-server.js'
import type { AsyncDebugReport, DiagnosisEntry, EnvironmentInfo, ErrorEntry, ReportSummary, RunInfo, TestEntry, UnhandledErrorEntry } from '../shared/report.js'
import type { ModuleInput, TestInput, VitestErrorInput } from './inputs.js'
import { REPORT_SCHEMA_VERSION } from '../shared/report.js'
import { attributeUnhandledErrors } from './attribution.js'
import { applyRerun } from './apply-rerun.js'
import { addBlockingDiagnoses } from './blocking-diagnosis.js'
import { addLedgerDiagnoses } from './ledger-diagnosis.js'
import { relativizeText } from './paths.js'

export interface ReportInput {
  root: string
  generator: { name: string, version: string }
  run: Omit<RunInfo, 'status'> & { interrupted: boolean }
  environment: EnvironmentInfo
  modules: ModuleInput[]
  unhandledErrors: readonly VitestErrorInput[]
  /** `leaks: 'error'`: work that ran after its test ended fails the run. */
  failOnLateActivity: boolean
  /** The registry's servers and the DAP gateway's address, when they were on. */
  debugServers?: { workers: readonly DebugServerRecord[], dap: DapAddress | null }
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** The report's order of files, and of tests (each file's in declaration order): by file, then project. */
export function byFileThenProject(a: { file: string, project: string }, b: { file: string, project: string }): number {
  return compareText(a.file, b.file) || compareText(a.project, b.project)
}

function relativeError<T extends ErrorEntry>(error: T, root: string): T {
  return { ...error, message: relativizeText(error.message, root), stack: error.stack && relativizeText(error.stack, root) }
}

/** Errors follow their owning test's place in the report; errors no test owns come last, by file. Sorts in place. */
export function sortUnhandledErrors(entries: UnhandledErrorEntry[], tests: TestEntry[]): UnhandledErrorEntry[] {
  const testPosition = new Map(tests.map((test, index) => [test.id, index]))
  const position = (entry: UnhandledErrorEntry): number =>
    entry.attribution.status === 'test' ? testPosition.get(entry.attribution.test.testId) ?? tests.length : tests.length + 1
  const text = (entry: UnhandledErrorEntry): string =>
    [entry.attribution.status === 'no-test' ? entry.attribution.file ?? '' : '', entry.type, entry.message, entry.stack ?? ''].join('\0')
  return entries.sort((a, b) => position(a) - position(b) || compareText(text(a), text(b)))
}

function headline(entry: UnhandledErrorEntry): string {
  return `${entry.type} "${entry.name}: ${entry.message.split('\n')[0]}"`
}

function ownerDiagnosis(entry: UnhandledErrorEntry, index: number): DiagnosisEntry | undefined {
  const { attribution } = entry
  if (attribution.status !== 'test') {
    return undefined
  }
  const when = attribution.phase === 'after-test'
    ? `surfaced ${attribution.msAfterTestEnded ?? 0} ms after this test ended`
    : 'surfaced while this test was running'
  const blamed = attribution.vitestAgrees ? '' : `; ${vitestsBlame(entry)}`
  return { kind: 'unhandled-error', unhandledError: index, message: `Caused ${headline(entry)}: ${when}${blamed}.` }
}

/** Vitest names no test for a thrown primitive: it has nowhere to attach the name. That is not a wrong blame. */
export function vitestsBlame(entry: UnhandledErrorEntry): string {
  return entry.vitestBlamed ? `Vitest blamed "${entry.vitestBlamed}"` : 'Vitest named no test'
}

function blamedDiagnosis(entry: UnhandledErrorEntry, index: number): DiagnosisEntry {
  const { attribution } = entry
  const origin = attribution.status === 'test'
    ? `it was created by "${attribution.test.fullName}" (${attribution.test.file})`
    : `no test created it (${attribution.reason})`
  return { kind: 'blamed-by-vitest', unhandledError: index, message: `Vitest named this test as the latest that might have caused ${headline(entry)}, but ${origin}.` }
}

function findBlamedTest(entry: UnhandledErrorEntry, tests: TestEntry[]): TestEntry | undefined {
  if (!entry.vitestBlamed || (entry.attribution.status === 'test' && entry.attribution.vitestAgrees)) {
    return undefined
  }
  const candidates = tests.filter(test => test.name === entry.vitestBlamed && test.file === entry.surfacedIn)
  return candidates.length === 1 ? candidates[0] : undefined
}

function toTestEntry(module: ModuleInput, test: TestInput, root: string): TestEntry {
  const sessions = applyRerun(test.meta?.sessions ?? [], test.rerun)
  return {
    id: test.id,
    file: module.file,
    project: module.project,
    name: test.name,
    fullName: test.fullName,
    state: test.state,
    durationMs: test.durationMs,
    flaky: test.flaky,
    attempts: sessions.length,
    errors: test.errors.map(error => relativeError(error, root)),
    sessions: sessions.map(({ testId: _testId, name: _name, fullName: _fullName, file: _file, ...session }) => session),
    diagnosis: [],
  }
}

/** The report's counts, from its tests and unhandled errors. */
export function summarize(tests: TestEntry[], files: number, errors: UnhandledErrorEntry[]): ReportSummary {
  const count = (state: TestEntry['state']): number => tests.filter(test => test.state === state).length
  return {
    files,
    tests: tests.length,
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    pending: count('pending'),
    flaky: tests.filter(test => test.flaky).length,
    testsWithDiagnosis: tests.filter(test => test.diagnosis.length > 0).length,
    testsThatLeftWorkRunning: tests.filter(test => test.diagnosis.some(entry => entry.kind === 'left-running')).length,
    testsWithLateActivity: tests.filter(test => test.diagnosis.some(entry => entry.kind === 'late-activity' || (entry.kind === 'left-running' && entry.lateActivity !== undefined))).length,
    timedOut: tests.filter(test => test.sessions.at(-1)?.timeout !== undefined).length,
    unhandledErrors: errors.length,
    unhandledErrorsAttributedToTests: errors.filter(error => error.attribution.status === 'test').length,
    unhandledErrorsMisattributedByVitest: errors.filter(error => error.attribution.status === 'test' && !error.attribution.vitestAgrees && error.vitestBlamed !== null).length,
  }
}

/** A worker that died took the rest of its file with it: those tests never ran, so the run is not complete. */
function workerCrash(errors: readonly UnhandledErrorEntry[]): RunInfo['endedEarly'] {
  const crashes = errors.filter(error => error.attribution.status === 'no-test' && error.attribution.reason === 'worker-crash')
  if (crashes.length === 0) {
    return null
  }
  const files = [...new Set(crashes.map(error => error.attribution.status === 'no-test' ? error.attribution.file : null).filter(file => file !== null))]
  const where = files.length > 0 ? ` running ${files.join(', ')}` : ''
  return { reason: 'worker-crash', detail: `a test worker${where} ended unexpectedly, so the rest of its tests never ran` }
}

/** Builds the run report from plain inputs. Deterministic: the same inputs give the same report. */
export function buildReport(input: ReportInput): AsyncDebugReport {
  const { root } = input
  const modules = [...input.modules].sort(byFileThenProject)
  const records = modules.flatMap(module => module.meta?.unhandledErrors ?? [])
  const tests = modules.flatMap(module => module.tests.map(test => toTestEntry(module, test, root)))
  const unhandledErrors = sortUnhandledErrors(attributeUnhandledErrors(input.unhandledErrors, records, root).map(entry => relativeError(entry, root)), tests)
  const testsById = new Map(tests.map(test => [test.id, test]))

  unhandledErrors.forEach((entry, index) => {
    const owner = entry.attribution.status === 'test' ? testsById.get(entry.attribution.test.testId) : undefined
    const diagnosis = ownerDiagnosis(entry, index)
    if (owner && diagnosis) {
      owner.diagnosis.push(diagnosis)
    }
    findBlamedTest(entry, tests)?.diagnosis.push(blamedDiagnosis(entry, index))
  })
  const lateActivity = addLedgerDiagnoses(
    tests,
    modules.flatMap(module => module.meta?.lateActivity ?? []),
    modules.flatMap(module => module.meta?.teardown ?? []),
  )
  addBlockingDiagnoses(tests)

  const failed = tests.some(test => test.state === 'failed') || modules.some(module => module.state === 'failed') || unhandledErrors.length > 0
    || (input.failOnLateActivity && lateActivity.length > 0)
  const { interrupted, ...run } = input.run
  const crashed = run.endedEarly === null ? workerCrash(unhandledErrors) : null
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generator: input.generator,
    run: {
      status: interrupted ? 'interrupted' : failed ? 'failed' : 'passed',
      ...run,
      ...crashed && { complete: false, endedEarly: crashed },
    },
    environment: input.environment,
    summary: summarize(tests, modules.length, unhandledErrors),
    files: modules.map(module => ({
      file: module.file,
      project: module.project,
      state: module.state,
      durationMs: module.durationMs,
      worker: module.meta?.worker ?? null,
      errors: module.errors.map(error => relativeError(error, root)),
      teardown: module.meta?.teardown ?? [],
    })),
    tests,
    unhandledErrors,
    lateActivity,
    debugServers: { workers: [...input.debugServers?.workers ?? []], dap: input.debugServers?.dap ?? null },
    pluginFaults: modules.flatMap(module => (module.meta?.pluginFaults ?? []).map(fault => ({ file: module.file, ...fault }))),
    shards: [],
  }
}
