import type { Scope } from './worker-state.js'
import { createHook, executionAsyncResource } from 'node:async_hooks'

const scopeKey = Symbol('vitest-async-debug.scope')

type Carrier = Record<symbol, Scope | undefined>

/**
 * The async context of running code, kept on async resources the way Node 20's AsyncLocalStorage
 * keeps it, but propagated by the ledger's own `init` hook: one hook call per async resource instead
 * of two (Node 20 calls every hook's `init` for every promise).
 */
export class ScopeStorage {
  private propagated = false

  /** The ledger's hook calls `propagate` for every resource; without it, the first `run` installs a hook of its own. */
  propagatedByHook(): void {
    this.propagated = true
  }

  getStore(): Scope | undefined {
    return (executionAsyncResource() as Carrier)[scopeKey]
  }

  run<R>(scope: Scope, work: () => R): R {
    if (!this.propagated) {
      this.propagated = true
      createHook({ init: (_id, _type, _trigger, resource: object) => this.propagate(resource) }).enable()
    }
    const resource = executionAsyncResource() as Carrier
    const previous = resource[scopeKey]
    resource[scopeKey] = scope
    try {
      return work()
    }
    finally {
      resource[scopeKey] = previous
    }
  }

  /** For the `init` hook: the new resource carries the scope of the code that creates it, which is returned. */
  propagate(resource: object): Scope | undefined {
    const scope = (executionAsyncResource() as Carrier)[scopeKey]
    ;(resource as Carrier)[scopeKey] = scope
    return scope
  }
}
