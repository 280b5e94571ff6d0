import type { OperationKind, OperationRecord, SourceSite } from '../../../shared/ledger.js'

const kindNames: Record<OperationKind, string> = {
  'promise': 'promise',
  'timeout': 'timer',
  'interval': 'interval',
  'immediate': 'immediate',
  'socket': 'socket',
  'server': 'server',
  'child-process': 'child process',
  'file-handle': 'file handle',
  'watcher': 'file watcher',
  'request': 'request',
  'worker': 'worker thread',
  'other': 'async resource',
}

const requestTypes: Record<string, string> = {
  TCPCONNECTWRAP: 'connection attempt',
  PIPECONNECTWRAP: 'connection attempt',
  GETADDRINFOREQWRAP: 'DNS lookup',
  GETNAMEINFOREQWRAP: 'reverse DNS lookup',
  QUERYWRAP: 'DNS query',
}

/** "socket", "DNS lookup": what a test author calls the resource. */
export function operationNoun(operation: Pick<OperationRecord, 'kind' | 'type'>): string {
  return operation.kind === 'request' ? requestTypes[operation.type] ?? kindNames.request : kindNames[operation.kind] ?? operation.type
}

/** "a timer", "an interval" */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`
}

export function kindName(kind: OperationKind): string {
  return kindNames[kind] ?? kind
}

/** What was still going on with it when it was checked: "never received data", "had not fired". */
export function operationState(operation: OperationRecord): string {
  switch (operation.kind) {
    case 'socket':
      return operation.bytesRead === 0 ? 'never received data' : 'was still open'
    case 'server':
      return 'was still listening'
    case 'timeout':
      return 'had not fired'
    case 'interval':
      return 'was never cleared'
    case 'immediate':
      return 'had not run'
    case 'child-process':
      return 'had not exited'
    case 'file-handle':
    case 'watcher':
      return 'was never closed'
    case 'request':
      return 'never completed'
    case 'worker':
      return 'was still running'
    case 'promise':
      return 'never settled'
    default:
      return 'was still alive'
  }
}

export function siteLabel(site: SourceSite | null): string {
  return site ? `${site.file}:${site.line}` : 'site not captured'
}
