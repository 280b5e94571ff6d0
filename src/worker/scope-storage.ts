import type { Scope } from './worker-state.js'
import { AsyncLocalStorage, createHook, executionAsyncResource } from 'node:async_hooks'
import { asyncLocalStorageLeavesNoMarks, hooksCanSkipPromises } from './node-features.js'
import { ReturnsItsArgument } from './private-fields.js'

/** The async context of running code: which test (or file's suite hooks) it belongs to. */
export interface ScopeStorage {
  /**
   * True when the scope reaches callbacks without the ledger's hook seeing promises. Then the ledger's
   * hook skips promises (`trackPromises: false`) unless it records them itself.
   */
  readonly propagatesWithoutPromiseHooks: boolean
  getStore: () => Scope | undefined
  run: <R>(scope: Scope, work: () => R) => R
  /** Called by the ledger's `init` hook for every async resource: the scope of the code that creates it. */
  scopeForNewResource: (resource: object) => Scope | undefined
  /** The ledger's hook calls `scopeForNewResource` for every resource from now on. */
  propagatedByHook: () => void
}

/** Node 24+: AsyncLocalStorage on AsyncContextFrame costs nothing per `await` and needs no hook. */
class ContextFrameScopes implements ScopeStorage {
  readonly propagatesWithoutPromiseHooks = true
  private readonly storage = new AsyncLocalStorage<Scope>()

  getStore(): Scope | undefined {
    return this.storage.getStore()
  }

  run<R>(scope: Scope, work: () => R): R {
    return this.storage.run(scope, work)
  }

  scopeForNewResource(): Scope | undefined {
    return this.storage.getStore()
  }

  propagatedByHook(): void {}
}

class ScopeCarrier extends ReturnsItsArgument {
  #scope: Scope | undefined

  private constructor(target: object, scope: Scope | undefined) {
    super(target)
    this.#scope = scope
  }

  static read(target: object): Scope | undefined {
    return #scope in target ? (target as ScopeCarrier).#scope : undefined
  }

  /** Replaces a scope the object carries (a timer armed again); an object without one stays without. */
  static overwrite(target: object, scope: Scope | undefined): void {
    if (#scope in target) {
      (target as ScopeCarrier).#scope = scope
    }
  }

  static write(target: object, scope: Scope | undefined): void {
    if (#scope in target) {
      (target as ScopeCarrier).#scope = scope
    }
    else {
      new ScopeCarrier(target, scope)
    }
  }
}

/**
 * Node 20 and 22: the scope rides on async resources, as AsyncLocalStorage does there, but in a private
 * field and propagated by the ledger's own `init` hook: one hook call per resource instead of two.
 */
class ResourceScopes implements ScopeStorage {
  readonly propagatesWithoutPromiseHooks = false
  private propagated = false

  getStore(): Scope | undefined {
    return ScopeCarrier.read(executionAsyncResource())
  }

  run<R>(scope: Scope, work: () => R): R {
    if (!this.propagated) {
      // The ledger enables its hook before any test runs; this covers helpers used without it.
      this.propagated = true
      createHook({ init: (_id, _type, _trigger, resource: object) => this.scopeForNewResource(resource) }).enable()
    }
    const resource = executionAsyncResource()
    const previous = ScopeCarrier.read(resource)
    ScopeCarrier.write(resource, scope)
    try {
      return work()
    }
    finally {
      ScopeCarrier.write(resource, previous)
    }
  }

  propagatedByHook(): void {
    this.propagated = true
  }

  scopeForNewResource(resource: object): Scope | undefined {
    const scope = ScopeCarrier.read(executionAsyncResource())
    try {
      if (scope === undefined) {
        ScopeCarrier.overwrite(resource, scope)
      }
      else {
        ScopeCarrier.write(resource, scope)
      }
    }
    catch {
      // An exception in an async hook ends the process; an object that refuses fields just has no scope.
    }
    return scope
  }
}

export function createScopeStorage(): ScopeStorage {
  return hooksCanSkipPromises() && asyncLocalStorageLeavesNoMarks() ? new ContextFrameScopes() : new ResourceScopes()
}
