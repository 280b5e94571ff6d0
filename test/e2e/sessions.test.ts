import type { TestEntry } from '../../src/shared/report.js'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { fixtureProject, runVitest } from '../utils/run-vitest.js'

const sessionsFixture = fixtureProject('sessions')

function attemptsOf(test: TestEntry) {
  return test.sessions.map(({ attempt, retry, repeat, state, metadata }) => ({ attempt, retry, repeat, state, metadata }))
}

describe.each([
  { pool: 'forks', args: [] },
  { pool: 'threads', args: [] },
  { pool: 'threads', args: ['--no-isolate'] },
])('pool $pool $args', ({ pool, args }) => {
  test('every attempt runs in its own session, with the user\'s events, metadata and labels', async () => {
    const run = await runVitest(sessionsFixture, ['--pool', pool, ...args])
    expect(run.stderr).not.toContain('AssertionError')
    const report = run.report()
    const byName = new Map(report.tests.map(test => [test.name, test]))
    const get = (name: string): TestEntry => byName.get(name) ?? expect.fail(`no test named ${name}`)

    expect(attemptsOf(get('fails once, then passes'))).toEqual([
      { attempt: 1, retry: 0, repeat: 0, state: 'failed', metadata: { try: { number: 1 } } },
      { attempt: 2, retry: 1, repeat: 0, state: 'passed', metadata: { try: { number: 2 } } },
    ])
    expect(get('fails once, then passes')).toMatchObject({ state: 'passed', flaky: true, attempts: 2 })
    expect(attemptsOf(get('repeats')).map(({ attempt, repeat }) => ({ attempt, repeat }))).toEqual([
      { attempt: 1, repeat: 0 },
      { attempt: 2, repeat: 1 },
      { attempt: 3, repeat: 2 },
    ])

    const labelled = get('labels its work').sessions[0]!
    expect(labelled.events?.map(({ kind, name, data }) => ({ kind, name, outcome: (data as { outcome?: string } | undefined)?.outcome }))).toEqual([
      { kind: 'custom', name: 'user beforeEach', outcome: undefined },
      { kind: 'operation-started', name: 'load user', outcome: undefined },
      { kind: 'operation-settled', name: 'load user', outcome: 'fulfilled' },
      { kind: 'operation-started', name: 'save user', outcome: undefined },
      { kind: 'operation-settled', name: 'save user', outcome: 'rejected' },
      { kind: 'custom', name: 'user afterEach', outcome: undefined },
    ])
    expect(labelled).toMatchObject({ worker: { pool, pid: expect.any(Number), poolId: 1 } })
    expect(labelled.worker.threadId === null).toBe(pool === 'forks')
    expect(labelled.endedAt).toBeGreaterThanOrEqual(labelled.startedAt)

    const capped = get('records more events than the cap').sessions[0]!
    expect(capped.events?.map(event => event.name)).toEqual(['user beforeEach', 'step 0', 'step 1', 'step 2', 'step 3', 'step 4'])
    expect(capped.droppedEvents).toBe(4)

    const [inventoryError, brokerError] = report.unhandledErrors
    expect(brokerError?.attribution).toMatchObject({
      status: 'test',
      test: { fullName: 'leaves a rejected tracked operation unawaited' },
      operation: 'publish event',
    })
    expect(inventoryError?.attribution).toMatchObject({
      status: 'test',
      test: { fullName: 'names the operation behind an unhandled error' },
      phase: 'during-test',
      operation: 'sync inventory',
      vitestAgrees: true,
    })
    expect(get('names the operation behind an unhandled error').sessions[0]!.events?.map(event => event.kind)).toContain('unhandled-error')

    expect(get('concurrent a')).toMatchObject({ state: 'passed', attempts: 1 })
    expect(get('concurrent b')).toMatchObject({ state: 'passed', attempts: 1 })
    expect(get('is skipped')).toMatchObject({ state: 'skipped', attempts: 0, sessions: [] })

    const userReport = JSON.parse(readFileSync(join(sessionsFixture, 'user-report.json'), 'utf8')) as { numTotalTests: number }
    expect(userReport.numTotalTests).toBe(9)
    expect(run.exitCode).toBe(1)
  })
})
