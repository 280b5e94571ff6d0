import type { HookCallbacks } from 'node:async_hooks'
import { AsyncLocalStorage, createHook } from 'node:async_hooks'

/** `createHook` options of Node 24.14+ / 25.6+ (and 22.24+); older versions ignore the key. */
export type HookOptions = HookCallbacks & { trackPromises?: boolean }

/** Whether `createHook({ trackPromises: false })` keeps promises away from `init` (feature-tested, not by version). */
export function hooksCanSkipPromises(): boolean {
  let promiseSeen = false
  const probe = createHook({
    init(_id, type) {
      promiseSeen ||= type === 'PROMISE'
    },
    trackPromises: false,
  } as HookOptions)
  probe.enable()
  void Promise.resolve()
  probe.disable()
  return !promiseSeen
}

/**
 * Whether AsyncLocalStorage runs on AsyncContextFrame (Node 24+ by default): then it needs no async hook
 * and leaves nothing on the promises it crosses. The async_hooks version writes an enumerable symbol onto
 * every promise made in `run`, which Vitest's `toEqual` would compare.
 */
export function asyncLocalStorageLeavesNoMarks(): boolean {
  const storage = new AsyncLocalStorage<true>()
  const promise = storage.run(true, () => Promise.resolve())
  storage.disable()
  return Object.getOwnPropertySymbols(promise).length === 0
}
