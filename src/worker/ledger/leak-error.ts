import type { OperationRecord } from '../../shared/ledger.js'
import { join } from 'node:path'
import { describeOperation } from '../../shared/describe-operation.js'

/** Thrown from the session's aroundEach when `leaks: 'error'`, so Vitest fails the test that leaked. */
export class AsyncLeakError extends Error {
  static {
    this.prototype.name = 'AsyncLeakError'
  }
}

/** The error that fails a test which left work running; its stack points at where the first leftover was created. */
export function leakError(leftRunning: readonly OperationRecord[], root: string): AsyncLeakError | null {
  const blocking = leftRunning.filter(operation => operation.kind !== 'promise')
  if (blocking.length === 0) {
    return null
  }
  const lines = blocking.map(operation => `  - ${describeOperation(operation)}`)
  const error = new AsyncLeakError(`this test left ${blocking.length} operation${blocking.length === 1 ? '' : 's'} running after it ended (leaks: 'error'):\n${lines.join('\n')}`)
  const site = blocking[0]!.site
  error.stack = `${error.name}: ${error.message}${site ? `\n    at ${site.function ?? '<anonymous>'} (${join(root, site.file)}:${site.line}:${site.column})` : ''}`
  return error
}
