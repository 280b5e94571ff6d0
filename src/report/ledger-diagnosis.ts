import type { AbortRecord, LateActivityRecord, OperationRecord, TeardownRecord } from '../shared/ledger.js'
import type { DiagnosisEntry, TestEntry, TestSession } from '../shared/report.js'
import type { OperationKind, SessionLedger } from '../shared/ledger.js'
import { countOfKind, describeOperation, describeOperations, formatCount, lateVerb, nounWithSite, siteText } from '../shared/describe-operation.js'

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

function sentence(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

/** What an operation left running did later, after its description: ", and fired 88 ms later, during "b"". */
type LaterText = (operation: OperationRecord) => string

/** "19 timers (a.ts:3) that had not fired": the first `limit` kinds and sites, identical operations counted once. */
function list(operations: readonly OperationRecord[], limit = 3, total = operations.length, later: LaterText = () => ''): string {
  const groups = new Map<string, { operation: OperationRecord, count: number }>()
  for (const operation of operations) {
    const key = `${describeOperation(operation)}${later(operation)}`
    const group = groups.get(key) ?? { operation, count: 0 }
    group.count++
    groups.set(key, group)
  }
  const shown = [...groups.values()].slice(0, limit)
  const more = total - shown.reduce((sum, { count }) => sum + count, 0)
  return shown.map(({ operation, count }) => `${describeOperations(operation, count)}${later(operation)}`).join('; ')
    + (more > 0 ? `; and ${formatCount(more)} more` : '')
}

/** "a socket (a.ts:3); 2 timers (b.ts:9)": each kind and site once. */
function nounList(operations: readonly OperationRecord[]): string {
  const groups = new Map<string, { operation: OperationRecord, count: number }>()
  for (const operation of operations) {
    const key = nounWithSite(operation)
    const group = groups.get(key) ?? { operation, count: 0 }
    group.count++
    groups.set(key, group)
  }
  return [...groups.values()].map(({ operation, count }) => count > 1 ? `${countOfKind(operation.kind, count)} (${siteText(operation)})` : nounWithSite(operation)).join('; ')
}

function joinAnd(parts: readonly string[]): string {
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`
}

/**
 * "Left 10,000 timers and 1 socket running …": counted from every leftover, not only the listed ones,
 * without the ones a timeout diagnosis already names; "at least" when the ledger stopped following.
 */
function leftRunningEntry(ledger: SessionLedger, left: readonly OperationRecord[], explained: readonly OperationRecord[], attempt: number, later: LaterText): DiagnosisEntry {
  const counts = new Map<OperationKind, number>(Object.entries(ledger.leftRunningByKind ?? {}) as [OperationKind, number][])
  counts.delete('promise')
  for (const { kind } of explained) {
    counts.set(kind, Math.max(0, (counts.get(kind) ?? 0) - 1))
  }
  const byKind = [...counts].filter(([, count]) => count > 0).sort((a, b) => b[1] - a[1])
  const total = Math.max(left.length, byKind.reduce((sum, [, count]) => sum + count, 0))
  const what = byKind.length > 0 ? joinAnd(byKind.map(([kind, count]) => countOfKind(kind, count))) : `${formatCount(left.length)} operations`
  const dropped = ledger.dropped ?? 0
  const beyondCap = dropped > 0
    ? ` It created ${formatCount(dropped)} more resources than the ledger follows per test (maxOperationsPerSession); any of those may still be running too.`
    : ''
  const first = left[0]!
  return {
    kind: 'left-running',
    attempt,
    site: first.site,
    hint: first.hint,
    message: total === 1 && dropped === 0
      ? `Left running after it ended: ${list(left, 3, 1, later)}.`
      : `Left ${dropped > 0 ? 'at least ' : ''}${what} running after it ended: ${list(left, 3, total, later)}.${beyondCap}`,
  }
}

function timeoutSignalClause(session: TestSession): string {
  const abort = session.aborts?.find(record => record.source === 'test-signal')
  if (!abort || !session.timeout) {
    return ''
  }
  const listening = session.timeout.pending.filter(operation => operation.listensTo === 'test-signal').length
  const heard = listening > 0 ? ` ${plural(listening, 'pending operation')} listened to it.` : ''
  if (abort.ignoredBy.length === 0) {
    return ` The timeout aborted the test's signal.${heard}`
  }
  return ` The timeout aborted the test's signal, but ${plural(abort.ignoredBy.length, 'pending operation')} did not react to it: ${list(abort.ignoredBy)}.${heard}`
}

function sessionDiagnoses(session: TestSession, later: LaterText): DiagnosisEntry[] {
  const entries: DiagnosisEntry[] = []
  const attempt = session.attempt
  // By site: a re-run's operations carry the other process's ids.
  const key = (operation: OperationRecord): string => operation.site ? `${operation.kind}@${operation.site.file}:${operation.site.line}:${operation.site.column}` : `#${operation.id}`
  const explained = new Set(session.timeout?.pending.map(key))
  if (session.timeout) {
    const site = session.timeout.awaiting?.site ?? session.timeout.waitingOn?.site ?? null
    const { rerun } = session.timeout
    const rerunClause = rerun?.outcome === 'timed-out-again'
      ? ' (found by running the test again, alone, with full stack capture)'
      : rerun ? `. Running it again alone with full stack capture: ${rerun.detail}` : ''
    entries.push({ kind: 'timed-out', attempt, site, message: `${sentence(session.timeout.summary)}${rerunClause}.${timeoutSignalClause(session)}` })
  }
  const listed = (session.ledger?.leftRunning ?? []).filter(operation => operation.kind !== 'promise')
  const left = listed.filter(operation => !explained.has(key(operation)))
  if (session.ledger && left.length > 0) {
    entries.push(leftRunningEntry(session.ledger, left, listed.filter(operation => explained.has(key(operation))), attempt, later))
  }
  const closing = session.ledger?.stillClosing ?? []
  if (closing.length > 0) {
    entries.push({
      kind: 'still-closing',
      attempt,
      site: closing[0]!.site,
      message: `Asked to end, but still closing a moment after it ended (not left running): ${nounList(closing)}.`,
    })
  }
  for (const abort of session.aborts ?? []) {
    if (abort.outcome === 'ignored-by-pending-work' && abort.source !== 'test-signal') {
      entries.push({
        kind: 'abort-ignored',
        attempt,
        site: abort.abortSite,
        message: `Aborted a signal${abort.abortSite ? ` at ${abort.abortSite.file}:${abort.abortSite.line}` : ''} (reason: ${abort.reason.message}), but ${plural(abort.ignoredBy.length, 'pending operation')} did not react: ${list(abort.ignoredBy)}.`,
      })
    }
  }
  return entries
}

function crossedAbortDiagnoses(abort: AbortRecord, attempt: number): { aborter: DiagnosisEntry, creator: DiagnosisEntry } | null {
  if (!abort.crossesSessions || !abort.createdBy) {
    return null
  }
  const where = abort.abortSite ? ` at ${abort.abortSite.file}:${abort.abortSite.line}` : ''
  const by = abort.abortedBy ? `"${abort.abortedBy.fullName}"` : 'a later test'
  return {
    aborter: { kind: 'abort-crossed-tests', attempt, site: abort.abortSite, message: `Aborted${where} a signal that "${abort.createdBy.fullName}" created (reason: ${abort.reason.message}): one test's cancellation reached into another.` },
    creator: { kind: 'abort-crossed-tests', attempt: abort.createdBy.attempt, site: abort.abortSite, message: `A signal this test created was aborted by ${by}${where} (reason: ${abort.reason.message}).` },
  }
}

function lateTiming(record: LateActivityRecord): string {
  const times = record.count > 1 ? ` ${record.count} times, first` : ''
  const during = record.during ? `during "${record.during.fullName}"` : record.duringFile ? `while ${record.duringFile} was running` : 'between tests'
  return `${times} ${record.msAfterEnd} ms after it ended, ${during}`
}

function lateMessage(record: LateActivityRecord): string {
  if (record.operation.id === -1) {
    const during = record.during ? `, during "${record.during.fullName}"` : ''
    return `Code it was awaiting resumed after it ended: ${plural(record.count, 'promise reaction')}, first ${record.msAfterEnd} ms after${during}.`
  }
  return sentence(`${nounWithSite(record.operation)} it created ${lateVerb(record.operation.kind)}${lateTiming(record)}.`)
}

/** The test the work landed in only points to the test that left it running: the finding is said there. */
function receivedMessage(record: LateActivityRecord): string {
  return `Work of "${record.owner.fullName}" (${record.owner.file}) ran during this test, after that test ended: see that test.`
}

/** ", and fired 88 ms later, during "b"": late activity of an operation already listed as left running. */
function laterClause(record: LateActivityRecord): string {
  const times = record.count > 1 ? ` ${record.count} times, first` : ''
  const during = record.during ? `during "${record.during.fullName}"` : record.duringFile ? `while ${record.duringFile} was running` : 'between tests'
  return `, and ${lateVerb(record.operation.kind)}${times} ${record.msAfterEnd} ms later, ${during}`
}

/** The run's order of late activity: by owning test, then operation. Sorts in place. */
export function sortLate(records: LateActivityRecord[]): LateActivityRecord[] {
  return records.sort((a, b) =>
    compareText(a.owner.file, b.owner.file) || compareText(a.owner.testId, b.owner.testId) || a.owner.attempt - b.owner.attempt || a.operation.id - b.operation.id || compareText(a.event, b.event))
}

/**
 * Adds the async ledger's findings to each test's diagnosis: timeouts, work left running, late
 * activity (on the test that created it and the test it landed in), aborts across tests, handles
 * open at the end of a file. Returns the late activity of the whole run, in a stable order.
 */
export function addLedgerDiagnoses(tests: TestEntry[], lateRecords: LateActivityRecord[], teardown: TeardownRecord[]): LateActivityRecord[] {
  const byId = new Map(tests.map(test => [test.id, test]))
  // A promise settling late is a consequence when the same test's timer or socket already ran late.
  const ranCallbacks = new Set(lateRecords.filter(record => record.event === 'callback').map(record => record.owner.sessionId))
  const late = sortLate(lateRecords.filter(record => record.event === 'callback' || !ranCallbacks.has(record.owner.sessionId)))
  const lateOf = new Map(late.map((record, index) => [`${record.owner.sessionId}\0${record.operation.id}`, { record, index }]))
  // Late work of an operation the test left running is said once, on its line in the left-running finding.
  const folded = new Set<number>()
  for (const test of tests) {
    for (const session of test.sessions) {
      const later: LaterText = (operation) => {
        const found = lateOf.get(`${session.id}\0${operation.id}`)
        if (!found) {
          return ''
        }
        folded.add(found.index)
        return laterClause(found.record)
      }
      const entries = sessionDiagnoses(session, later)
      for (const entry of entries) {
        const index = entry.kind === 'left-running' ? late.findIndex((record, at) => folded.has(at) && record.owner.sessionId === session.id) : -1
        if (index >= 0) {
          entry.lateActivity = index
        }
      }
      test.diagnosis.push(...entries)
      for (const abort of session.aborts ?? []) {
        const crossed = crossedAbortDiagnoses(abort, session.attempt)
        if (crossed) {
          test.diagnosis.push(crossed.aborter)
          byId.get(abort.createdBy!.testId)?.diagnosis.push(crossed.creator)
        }
      }
    }
  }
  late.forEach((record, index) => {
    if (!folded.has(index)) {
      byId.get(record.owner.testId)?.diagnosis.push({ kind: 'late-activity', lateActivity: index, attempt: record.owner.attempt, site: record.operation.site, message: lateMessage(record) })
    }
    if (record.during && record.during.testId !== record.owner.testId) {
      byId.get(record.during.testId)?.diagnosis.push({ kind: 'received-late-activity', lateActivity: index, attempt: record.during.attempt, site: record.operation.site, message: receivedMessage(record) })
    }
  })
  // One entry per test attempt, however many of its handles were still open.
  const openAtEnd = new Map<string, { test: TestEntry, attempt: number, operations: OperationRecord[] }>()
  for (const { owner, operation } of teardown) {
    const test = owner && byId.get(owner.testId)
    // Open at the end of the file means it was open at the end of its test too: said there, unless it was listed
    // neither by itself nor in the count of what was not listed.
    const reported = test && owner && test.sessions.some(session => session.attempt === owner.attempt
      && (session.ledger?.leftRunning?.some(left => left.id === operation.id) || (session.ledger?.notListed ?? 0) > 0))
    if (test && !reported) {
      const key = `${owner.testId}\0${owner.attempt}`
      const group = openAtEnd.get(key) ?? { test, attempt: owner.attempt, operations: [] }
      group.operations.push(operation)
      openAtEnd.set(key, group)
    }
  }
  for (const { test, attempt, operations } of openAtEnd.values()) {
    const first = operations[0]!
    const message = `${sentence(list(operations))}, opened by this test, ${operations.length === 1 ? 'was' : 'were'} still open when its file ended.`
    test.diagnosis.push({ kind: 'open-at-file-end', attempt, site: first.site, hint: first.hint, message })
  }
  return late
}
