import { expect, test } from 'vitest'
import { currentSession, recordSessionEvent, setSessionMetadata, track } from '../../src/index.js'
import { Session } from '../../src/worker/session.js'
import { workerState } from '../../src/worker/worker-state.js'

const worker = { pid: 1, threadId: null, poolId: 1, pool: 'forks' }

function inSession<T>(maxEvents: number, fn: (session: Session) => T): T {
  const session = new Session({ testId: 't1', name: 'a test', fullName: 'suite > a test', file: 'a.test.ts', attempt: 1, worker }, maxEvents)
  return workerState().storage.run({ session, suiteFile: null, operation: null }, () => fn(session))
}

test('outside a session the helpers do nothing and say so', async () => {
  expect(currentSession()).toBeUndefined()
  expect(setSessionMetadata('key', 1)).toBe(false)
  expect(recordSessionEvent('event')).toBe(false)
  await expect(track('label', Promise.resolve(5))).resolves.toBe(5)
  await expect(track('label', () => 6)).resolves.toBe(6)
})

test('inside a session the helpers record events, metadata and the operation label', async () => {
  await inSession(10, async (session) => {
    expect(currentSession()).toMatchObject({ id: 't1#1', name: 'a test', fullName: 'suite > a test', attempt: 1, operation: null })
    expect(setSessionMetadata('user', { id: 7 })).toBe(true)
    expect(recordSessionEvent('cache warmed', { entries: 3 })).toBe(true)
    await track('load user', async () => {
      expect(currentSession()?.operation).toBe('load user')
    })
    await expect(track('save user', Promise.reject(new Error('refused')))).rejects.toThrow('refused')
    const record = session.end({ state: 'passed', retry: 0, repeat: 0 })
    expect(record.metadata).toEqual({ user: { id: 7 } })
    expect(record.events?.map(({ kind, name, data }) => [kind, name, data && 'outcome' in (data as object) ? (data as { outcome: string }).outcome : data])).toEqual([
      ['custom', 'cache warmed', { entries: 3 }],
      ['operation-started', 'load user', undefined],
      ['operation-settled', 'load user', 'fulfilled'],
      ['operation-started', 'save user', undefined],
      ['operation-settled', 'save user', 'rejected'],
    ])
  })
})

test('events past the cap are counted, and nothing is recorded after the session ended', () => {
  inSession(2, (session) => {
    for (const name of ['a', 'b', 'c', 'd']) {
      recordSessionEvent(name)
    }
    const record = session.end({ state: 'failed', retry: 1, repeat: 0 })
    expect(record.events?.map(event => event.name)).toEqual(['a', 'b'])
    expect(record.droppedEvents).toBe(2)
    expect(recordSessionEvent('late')).toBe(false)
    expect(session.end({ state: 'failed', retry: 1, repeat: 0 }).events).toHaveLength(2)
  })
})

test('values that are not JSON are refused with a message that names the call', () => {
  inSession(5, () => {
    expect(() => setSessionMetadata('fn', () => 1)).toThrow('setSessionMetadata(\'fn\', …) value must be JSON-serializable, got function')
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(() => recordSessionEvent('loop', cyclic)).toThrow(/recordSessionEvent\('loop', …\) data must be JSON-serializable: Converting circular structure/)
    expect(() => setSessionMetadata('big', 'x'.repeat(20_000))).toThrow(/is 20002 characters as JSON; at most 16384 are kept/)
  })
  expect(() => track('', Promise.resolve())).toThrow('track(label, work) needs a non-empty string label, got ""')
})
