import type { AbortRecord, OperationKind, TimeoutForensics } from '../../shared/ledger.js'
import type { Operation } from './operation.js'

/** What one session created, kept while it runs and for as long as its work stays alive. */
export class SessionOperations {
  readonly created: Partial<Record<OperationKind, number>> = {}
  dropped = 0
  /** Handles, and promises when stacks are captured for them. */
  readonly operations: Operation[] = []
  promisesCreated = 0
  readonly aborts: AbortRecord[] = []
  timeout: TimeoutForensics | null = null

  count(kind: OperationKind): void {
    this.created[kind] = (this.created[kind] ?? 0) + 1
  }
}
