import type { Protocol } from 'devtools-protocol'
import type { Session } from 'node:inspector'

/**
 * An inspector session on the worker's own thread: its `post` answers before returning, also from inside
 * a `Debugger.paused` handler, which is when the locals are read.
 */
export class SyncSession {
  constructor(readonly session: Session) {}

  post<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}): T {
    let answered = false
    let result: unknown
    let failure: Error | null = null
    this.session.post(method, params, (error, answer) => {
      answered = true
      failure = error
      result = answer
    })
    if (failure) {
      throw failure
    }
    if (!answered) {
      throw new Error(`the inspector answered ${method} later, not on the same thread: locals cannot be read in this worker`)
    }
    return (result ?? {}) as T
  }

  /** Own properties only: accessors come back as descriptors, their getters are never called. */
  properties(objectId: string): Protocol.Runtime.PropertyDescriptor[] {
    return this.post<Protocol.Runtime.GetPropertiesResponse>('Runtime.getProperties', { objectId, ownProperties: true }).result
  }

  /** Internal slots, such as a Map's or Set's `[[Entries]]`. */
  internalProperties(objectId: string): Protocol.Runtime.InternalPropertyDescriptor[] {
    return this.post<Protocol.Runtime.GetPropertiesResponse>('Runtime.getProperties', { objectId, ownProperties: true }).internalProperties ?? []
  }

  /** Calls `declaration` with the object as `this`; only for functions of this folder that read no user code. */
  callOn(objectId: string, declaration: string, args: unknown[] = []): unknown {
    const { result } = this.post<Protocol.Runtime.CallFunctionOnResponse>('Runtime.callFunctionOn', {
      objectId,
      functionDeclaration: declaration,
      arguments: args.map(value => ({ value })),
      returnByValue: true,
      silent: true,
    })
    return result.value
  }
}
