import type { AbortRecord, OperationKind, TimeoutForensics } from '../../shared/ledger.js'
import type { Session } from '../session.js'
import type { Operation, Owner } from './operation.js'

/** What one session created, kept while it runs and for as long as its work stays alive. */
export class SessionOperations {
  readonly created: Partial<Record<OperationKind, number>> = {}
  dropped = 0
  /** Handles, and promises when stacks are captured for them. */
  readonly operations: Operation[] = []
  promisesCreated = 0
  readonly aborts: AbortRecord[] = []
  timeout: TimeoutForensics | null = null

  private cachedOwner: Owner | null = null

  /** One owner object per session, shared by everything it creates. */
  owner(session: Session): Owner {
    this.cachedOwner ??= { session, scope: 'test', file: session.identity.file }
    return this.cachedOwner
  }

  count(kind: OperationKind): void {
    this.created[kind] = (this.created[kind] ?? 0) + 1
  }
}
