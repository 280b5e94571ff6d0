import { ReturnsItsArgument } from './private-fields.js'

/** A promise's async ids, kept in private fields instead of Node's symbol properties. */
class AsyncIds extends ReturnsItsArgument {
  #id: unknown
  #trigger: unknown

  private constructor(promise: object) {
    super(promise)
  }

  static id(promise: object): unknown {
    return #id in promise ? (promise as AsyncIds).#id : undefined
  }

  static trigger(promise: object): unknown {
    return #trigger in promise ? (promise as AsyncIds).#trigger : undefined
  }

  private static of(promise: object): AsyncIds {
    return (#id in promise ? promise : new AsyncIds(promise)) as AsyncIds
  }

  /** An id, once given, stays: Node asks for a parent's id again whenever it cannot see it as an own property. */
  static setId(promise: object, id: unknown): void {
    const ids = AsyncIds.of(promise)
    ids.#id ??= id
  }

  static setTrigger(promise: object, trigger: unknown): void {
    AsyncIds.of(promise).#trigger = trigger
  }
}

const patchedPrototypes = new WeakSet<object>()

function ownSymbols(promise: object): symbol[] {
  return Object.getOwnPropertySymbols(promise)
}

/**
 * While promise hooks are on (Node 20 and 22 with any async hook, Node 24+ when promises are tracked),
 * Node writes every promise's async id and trigger id onto the promise as enumerable symbol properties.
 * Vitest's `toEqual` compares them and its snapshots print them, so a test comparing promises would fail
 * only because the plugin is there. Accessors on `Promise.prototype` keep the ids in private fields.
 * Call it after the ledger's hook is enabled, once per realm (vm pools give each file its own `Promise`).
 */
export function keepAsyncIdsOffPromises(PromiseClass: PromiseConstructor): void {
  const prototype = PromiseClass.prototype
  if (patchedPrototypes.has(prototype)) {
    return
  }
  patchedPrototypes.add(prototype)
  const symbols = ownSymbols(PromiseClass.resolve())
  const idKey = symbols.find(key => key.description === 'async_id_symbol')
  const triggerKey = symbols.find(key => key.description === 'trigger_async_id_symbol')
  if (idKey === undefined || triggerKey === undefined || Object.getOwnPropertyDescriptor(prototype, idKey)) {
    return
  }
  const accessors = {
    [idKey]: { get: function (this: object) { return AsyncIds.id(this) }, set: function (this: object, id: unknown) { AsyncIds.setId(this, id) }, configurable: true },
    [triggerKey]: { get: function (this: object) { return AsyncIds.trigger(this) }, set: function (this: object, trigger: unknown) { AsyncIds.setTrigger(this, trigger) }, configurable: true },
  }
  Object.defineProperties(prototype, accessors)
  // A Node that writes the ids some other way keeps its own properties: then leave it as it was.
  if (ownSymbols(PromiseClass.resolve().then(() => {})).length > 0) {
    delete (prototype as unknown as Record<symbol, unknown>)[idKey]
    delete (prototype as unknown as Record<symbol, unknown>)[triggerKey]
  }
}
