import type { SessionRecord } from '../shared/session.js'
import type { Session } from './session.js'
import { toJsonValue } from './json-value.js'
import { currentScope, workerState } from './worker-state.js'
import { monotonicNow } from './real-time.js'

/** A read-only view of the session the calling code runs in. */
export interface SessionInfo extends Pick<SessionRecord, 'id' | 'testId' | 'name' | 'fullName' | 'file' | 'attempt' | 'startedAt' | 'worker'> {
  /** Label of the `track()` operation the caller runs in, if any. */
  operation: string | null
}

/**
 * The session of the test whose async context the caller runs in, also in work the test started
 * that runs after it ended. `undefined` outside tests or when the plugin is not active.
 */
export function currentSession(): SessionInfo | undefined {
  const scope = currentScope()
  if (!scope?.session) {
    return undefined
  }
  const { testId, name, fullName, file, attempt, worker } = scope.session.identity
  return { id: scope.session.id, testId, name, fullName, file, attempt, startedAt: scope.session.startedAt, worker, operation: scope.operation }
}

function openSession(): Session | undefined {
  const session = currentScope()?.session
  return session && !session.ended ? session : undefined
}

/**
 * Attaches a JSON value to the current session; it appears in the report under `metadata`.
 * Returns false when there is no current session, or it has already ended.
 */
export function setSessionMetadata(key: string, value: unknown): boolean {
  const session = openSession()
  if (!session) {
    return false
  }
  session.setMetadata(key, toJsonValue(value, `setSessionMetadata('${key}', …) value`))
  return true
}

/**
 * Records a named event, with optional JSON data, on the current session's timeline.
 * Returns false when there is no current session, or it has already ended.
 */
export function recordSessionEvent(name: string, data?: unknown): boolean {
  const session = openSession()
  if (!session) {
    return false
  }
  session.record('custom', name, data === undefined ? undefined : toJsonValue(data, `recordSessionEvent('${name}', …) data`))
  return true
}

function settle(label: string, startedAt: number, outcome: 'fulfilled' | 'rejected'): void {
  currentScope()?.session?.record('operation-settled', label, { outcome, durationMs: Math.round(monotonicNow() - startedAt) })
}

/**
 * Labels an async operation so diagnoses can name it. Given a function, runs it with the label in
 * its async context, so unhandled errors from work it starts name the operation. Returns a promise
 * that settles like the work; an unobserved rejection stays unhandled, as it would have been.
 */
export function track<T>(label: string, work: PromiseLike<T> | (() => T | PromiseLike<T>)): Promise<Awaited<T>> {
  if (typeof label !== 'string' || label === '') {
    throw new TypeError(`track(label, work) needs a non-empty string label, got ${JSON.stringify(label)}`)
  }
  const scope = currentScope()
  if (!scope?.session) {
    return Promise.resolve(typeof work === 'function' ? work() : work) as Promise<Awaited<T>>
  }
  const startedAt = monotonicNow()
  scope.session.record('operation-started', label)
  // Built inside the labelled scope, so an unobserved rejection of the returned promise names the operation too.
  return workerState().storage.run({ ...scope, operation: label }, () => {
    const pending = typeof work === 'function' ? new Promise<T>(resolve => resolve(work())) : Promise.resolve(work)
    return pending.then(
      (value) => {
        settle(label, startedAt, 'fulfilled')
        return value
      },
      (error: unknown) => {
        settle(label, startedAt, 'rejected')
        throw error
      },
    )
  }) as Promise<Awaited<T>>
}
