import type { CapturedStack } from './stack.js'
import dns from 'node:dns'
import { promisify } from 'node:util'
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
    if (typeof callback === 'function') {
      const origin = captureStack(lookup)
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
