import type { AbortRecord, LateActivityRecord, OperationRecord, TeardownRecord } from '../shared/ledger.js'
import type { DiagnosisEntry, TestEntry } from '../shared/report.js'
import type { SessionRecord } from '../shared/session.js'
import { describeOperation, lateVerb, nounWithSite } from '../shared/describe-operation.js'

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

function sentence(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

function list(operations: readonly OperationRecord[], limit = 3): string {
  const shown = operations.slice(0, limit).map(describeOperation)
  const more = operations.length - shown.length
  return shown.join('; ') + (more > 0 ? `; and ${more} more` : '')
}

function timeoutSignalClause(session: SessionRecord): string {
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

function sessionDiagnoses(session: SessionRecord): DiagnosisEntry[] {
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
  const left = (session.ledger?.leftRunning ?? []).filter(operation => !explained.has(key(operation)) && operation.kind !== 'promise')
  if (left.length > 0) {
    const first = left[0]!
    entries.push({
      kind: 'left-running',
      attempt,
      site: first.site,
      hint: first.hint,
      message: `Left ${plural(left.length, 'operation')} running after it ended: ${list(left)}.`,
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

function receivedMessage(record: LateActivityRecord): string {
  const what = record.operation.id === -1 ? 'code it was awaiting resumed' : `${nounWithSite(record.operation)} it created ${lateVerb(record.operation.kind)}`
  return `Work of "${record.owner.fullName}" (${record.owner.file}) ran during this test: ${what} ${record.msAfterEnd} ms after that test ended.`
}

function sortLate(records: LateActivityRecord[]): LateActivityRecord[] {
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
  for (const test of tests) {
    for (const session of test.sessions) {
      test.diagnosis.push(...sessionDiagnoses(session))
      for (const abort of session.aborts ?? []) {
        const crossed = crossedAbortDiagnoses(abort, session.attempt)
        if (crossed) {
          test.diagnosis.push(crossed.aborter)
          byId.get(abort.createdBy!.testId)?.diagnosis.push(crossed.creator)
        }
      }
    }
  }
  // A promise settling late is a consequence when the same test's timer or socket already ran late.
  const ranCallbacks = new Set(lateRecords.filter(record => record.event === 'callback').map(record => record.owner.sessionId))
  const late = sortLate(lateRecords.filter(record => record.event === 'callback' || !ranCallbacks.has(record.owner.sessionId)))
  late.forEach((record, index) => {
    byId.get(record.owner.testId)?.diagnosis.push({ kind: 'late-activity', lateActivity: index, attempt: record.owner.attempt, site: record.operation.site, message: lateMessage(record) })
    if (record.during && record.during.testId !== record.owner.testId) {
      byId.get(record.during.testId)?.diagnosis.push({ kind: 'received-late-activity', lateActivity: index, attempt: record.during.attempt, site: record.operation.site, message: receivedMessage(record) })
    }
  })
  for (const { owner, operation } of teardown) {
    const test = owner && byId.get(owner.testId)
    const reported = test?.sessions.some(session => session.ledger?.leftRunning.some(left => left.id === operation.id))
    if (test && !reported) {
      test.diagnosis.push({ kind: 'open-at-file-end', attempt: owner.attempt, site: operation.site, hint: operation.hint, message: `${sentence(describeOperation(operation))}, opened by this test, was still open when its file ended.` })
    }
  }
  return late
}
