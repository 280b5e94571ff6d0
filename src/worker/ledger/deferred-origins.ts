import type { CapturedStack } from './stack.js'
import dns from 'node:dns'
import { promisify } from 'node:util'
import { guarded } from '../plugin-faults.js'
import { captureStack } from './stack.js'

type Callback = (...args: unknown[]) => unknown
type Lookup = ((...args: unknown[]) => unknown) & { [promisify.custom]?: unknown }

const followed = Symbol.for('vitest-async-debug.follows-lookups')

/**
 * `server.listen(port, host)` and `socket.connect({ host })` create their handle in the callback of a
 * `dns.lookup` (even for an IP address, a tick later), whose stack holds only Node's frames. Wrapping
 * `dns.lookup`, which net calls through the module object, keeps the stack of the call that started the
 * lookup and hands it to the tracker for as long as the callback runs. Behaviour is unchanged.
 */
export function followDnsLookups(setDeferredOrigin: (origin: CapturedStack | null) => CapturedStack | null): void {
  const original = dns.lookup as unknown as Lookup
  if ((original as { [followed]?: true })[followed]) {
    return
  }
  const lookup: Lookup = function lookup(this: unknown, ...args: unknown[]) {
    const last = args.length - 1
    const callback = args[last]
    const origin = typeof callback === 'function' ? guarded('keeping the stack of a DNS lookup', () => captureStack(lookup), null) : null
    if (origin) {
      args[last] = function (this: unknown, ...results: unknown[]) {
        const previous = setDeferredOrigin(origin)
        try {
          return (callback as Callback).apply(this, results)
        }
        finally {
          setDeferredOrigin(previous)
        }
      }
    }
    return original.apply(this, args)
  }
  Object.defineProperty(lookup, followed, { value: true })
  if (original[promisify.custom] !== undefined) {
    lookup[promisify.custom] = original[promisify.custom]
  }
  Object.defineProperty(lookup, 'length', { value: original.length })
  ;(dns as { lookup: unknown }).lookup = lookup
}

const wrappedFetch = Symbol.for('vitest-async-debug.follows-fetch')

/**
 * Built-in `fetch` (undici) opens its socket when its pool gets to the request: often in a callback of its
 * own, whose stack holds none of the caller's frames. Wrapping the global keeps the stack of the call and
 * runs the call with it in the async context (`withOrigin`), so whatever fetch opens for it carries it.
 */
export function followFetchCalls(withOrigin: <R>(origin: CapturedStack, work: () => R) => R): void {
  const original = (globalThis as { fetch?: unknown }).fetch as ((...args: unknown[]) => unknown) & { [wrappedFetch]?: true } | undefined
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch')
  if (typeof original !== 'function' || original[wrappedFetch] || !descriptor?.writable || !descriptor.configurable) {
    return
  }
  const fetch = function fetch(this: unknown, ...args: unknown[]): unknown {
    const origin = guarded('keeping the stack of a fetch call', () => captureStack(fetch), null)
    return origin ? withOrigin(origin, () => original.apply(this, args)) : original.apply(this, args)
  }
  Object.defineProperty(fetch, wrappedFetch, { value: true })
  Object.defineProperty(fetch, 'length', { value: original.length })
  Object.defineProperty(globalThis, 'fetch', { ...descriptor, value: fetch })
}
