import type { OperationRecord } from './ledger.js'

const requestNames: Record<string, string> = {
  TCPCONNECTWRAP: 'a connection attempt',
  PIPECONNECTWRAP: 'a connection attempt',
  GETADDRINFOREQWRAP: 'a DNS lookup',
  GETNAMEINFOREQWRAP: 'a reverse DNS lookup',
  QUERYWRAP: 'a DNS query',
}

export function siteText(operation: Pick<OperationRecord, 'site'>): string {
  const { site } = operation
  return site ? `${site.file}:${site.line}` : 'site not captured'
}

/** "a socket (helpers/client.ts:4) that never received data" */
export function describeOperation(operation: OperationRecord): string {
  const at = `(${siteText(operation)})`
  switch (operation.kind) {
    case 'socket':
      return operation.bytesRead === 0 ? `a socket ${at} that never received data` : `a socket ${at} that was still open`
    case 'server':
      return `a server ${at} that was still listening`
    case 'timeout':
      return `a timer ${at} that had not fired`
    case 'interval':
      return `an interval ${at} that was never cleared`
    case 'immediate':
      return `an immediate ${at} that had not run`
    case 'child-process':
      return `a child process ${at} that had not exited`
    case 'file-handle':
      return `a file handle ${at} that was never closed`
    case 'watcher':
      return `a file watcher ${at} that was never closed`
    case 'request':
      return `${requestNames[operation.type] ?? 'a request'} ${at} that never completed`
    case 'worker':
      return `a worker thread ${at} that was still running`
    case 'promise':
      return `a promise ${at} that never settled`
    default:
      return `${operation.type} ${at}`
  }
}

/** "3 sockets (test/static.test.ts:41) that were still open": several identical operations, said once. */
export function describeOperations(operation: OperationRecord, count: number): string {
  const one = describeOperation(operation)
  if (count === 1) {
    return one
  }
  const noun = nounWithSite(operation)
  if (!one.startsWith(noun)) {
    return `${one} (${formatCount(count)} of these)`
  }
  const rest = one.slice(noun.length).replace(/^ that was\b/, ' that were')
  return `${countOfKind(operation.kind, count)} (${siteText(operation)})${rest}`
}

const nouns: Record<OperationRecord['kind'], string> = {
  'promise': 'a promise',
  'timeout': 'a timer',
  'interval': 'an interval',
  'immediate': 'an immediate',
  'socket': 'a socket',
  'server': 'a server',
  'child-process': 'a child process',
  'file-handle': 'a file handle',
  'watcher': 'a file watcher',
  'request': 'a request',
  'worker': 'a worker thread',
  'other': 'an async resource',
}

const lateVerbs: Record<OperationRecord['kind'], string> = {
  'promise': 'settled',
  'timeout': 'fired',
  'interval': 'fired',
  'immediate': 'ran',
  'socket': 'received data or events',
  'server': 'accepted a connection',
  'child-process': 'exited',
  'file-handle': 'completed an operation',
  'watcher': 'reported a change',
  'request': 'completed',
  'worker': 'sent an event',
  'other': 'ran a callback',
}

/** "a timer (tests/a.test.ts:29)" */
export function nounWithSite(operation: Pick<OperationRecord, 'kind' | 'type' | 'site'>): string {
  const noun = operation.kind === 'request' ? requestNames[operation.type] ?? nouns.request : nouns[operation.kind]
  return `${noun} (${siteText(operation)})`
}

export function lateVerb(kind: OperationRecord['kind']): string {
  return lateVerbs[kind]
}

const countNouns: Record<OperationRecord['kind'], [one: string, many: string]> = {
  'promise': ['promise', 'promises'],
  'timeout': ['timer', 'timers'],
  'interval': ['interval', 'intervals'],
  'immediate': ['immediate', 'immediates'],
  'socket': ['socket', 'sockets'],
  'server': ['server', 'servers'],
  'child-process': ['child process', 'child processes'],
  'file-handle': ['file handle', 'file handles'],
  'watcher': ['file watcher', 'file watchers'],
  'request': ['request', 'requests'],
  'worker': ['worker thread', 'worker threads'],
  'other': ['async resource', 'async resources'],
}

export function formatCount(count: number): string {
  return count.toLocaleString('en-US')
}

/** "10,000 timers", "1 socket" */
export function countOfKind(kind: OperationRecord['kind'], count: number): string {
  const [one, many] = countNouns[kind]
  return `${formatCount(count)} ${count === 1 ? one : many}`
}
