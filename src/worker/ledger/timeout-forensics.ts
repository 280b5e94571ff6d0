import type { OperationRecord, TimeoutForensics } from '../../shared/ledger.js'
import type { StackCapture } from '../../shared/worker-options.js'
import { describeOperation } from '../../shared/describe-operation.js'

const waitRank: Partial<Record<OperationRecord['kind'], number>> = {
  'socket': 0,
  'request': 0,
  'child-process': 0,
  'worker': 1,
  'timeout': 2,
  'immediate': 2,
  'interval': 3,
  'file-handle': 4,
  'watcher': 4,
  'server': 5,
}

function byWaitRelevance(a: OperationRecord, b: OperationRecord): number {
  const rank = (waitRank[a.kind] ?? 6) - (waitRank[b.kind] ?? 6)
  if (rank !== 0) {
    return rank
  }
  const silent = Number(b.bytesRead === 0) - Number(a.bytesRead === 0)
  return silent !== 0 ? silent : b.id - a.id
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

/**
 * What a test was waiting for when it timed out, from the operations it owned at that moment.
 * `pending` holds handles and, with full capture, promises.
 */
export function timeoutForensics(pending: OperationRecord[], capture: StackCapture): TimeoutForensics {
  const handles = pending.filter(operation => operation.kind !== 'promise').sort(byWaitRelevance)
  // The deepest creation stack is the innermost await; among equals, the latest.
  const promises = pending
    .filter(operation => operation.kind === 'promise' && operation.site !== null)
    .sort((a, b) => b.stack.length - a.stack.length || b.id - a.id)
  const innermost = promises[0]
  const awaiting = innermost?.site ? { function: innermost.site.function, site: innermost.site } : null
  const waitingOn = handles[0] ?? null
  const ordered = [...(innermost ? [innermost] : []), ...handles, ...promises.slice(1)]
  let summary: string
  if (awaiting) {
    const name = awaiting.function ? `${awaiting.function.replace(/^async /, '')}()` : 'a promise'
    summary = `timed out while awaiting ${name} (${awaiting.site.file}:${awaiting.site.line})`
    summary += waitingOn ? `, which waits on ${describeOperation(waitingOn)}` : ', which no open timer, socket or process backs'
  }
  else if (waitingOn) {
    summary = `timed out while ${describeOperation(waitingOn)} was pending`
    if (handles.length > 1) {
      summary += ` (and ${plural(handles.length - 1, 'other open operation')})`
    }
  }
  else {
    summary = 'timed out with no timer, socket or process of its own open: it awaited a promise that nothing it started would settle, or it was busy'
  }
  return {
    awaiting,
    waitingOn,
    pending: ordered.slice(0, 20),
    capture: capture === 'full' ? 'full' : 'handles-only',
    summary,
    rerun: null,
  }
}
