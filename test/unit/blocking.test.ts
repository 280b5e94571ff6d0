import type { BlockRecord } from '../../src/shared/blocking.js'
import type { TestEntry } from '../../src/shared/report.js'
import { describe, expect, test } from 'vitest'
import { addBlockingDiagnoses } from '../../src/report/blocking-diagnosis.js'
import { blockingHint, HINTS } from '../../src/report/blocking-hint.js'
import { BlockingMonitor } from '../../src/worker/blocking/blocking-monitor.js'
import { Heartbeat } from '../../src/worker/blocking/heartbeat.js'
import { RunQueueWait } from '../../src/worker/blocking/run-queue-wait.js'
import { SessionStalls } from '../../src/worker/blocking/session-stalls.js'
import { holdingTheThread } from '../../src/worker/own-time.js'
import { Session } from '../../src/worker/session.js'

/** Holds the thread for `ms` of its own running time: on a busy machine, time it waits for a CPU comes on top (the monitor leaves that out). */
function spin(ms: number): void {
  const queue = new RunQueueWait()
  const started = performance.now() + queue.read()
  while (performance.now() - queue.read() < started + ms) {}
  queue.close()
}

const worker = { pid: 1, threadId: null, poolId: 1, pool: 'forks' }

function newSession(name: string): Session {
  return new Session({ testId: name, name, fullName: name, file: 'tests/a.test.ts', attempt: 1, worker }, 10)
}

describe('heartbeat', () => {
  test('reports nothing while the loop turns on time', () => {
    const stalls: number[] = []
    const heartbeat = new Heartbeat(20, 50, durationMs => stalls.push(durationMs))
    heartbeat.measure()
    heartbeat.stop()
    expect(stalls).toEqual([])
  })

  test('a stretch without a turn is reported with at least its length less one interval', () => {
    const stalls: number[] = []
    const heartbeat = new Heartbeat(20, 50, durationMs => stalls.push(durationMs))
    spin(150)
    heartbeat.measure()
    heartbeat.stop()
    expect(stalls).toHaveLength(1)
    expect(stalls[0]).toBeGreaterThanOrEqual(130)
  })

  test('the plugin\'s own time on the thread (reading locals at a throw) is not a stall of the test', () => {
    const stalls: number[] = []
    const heartbeat = new Heartbeat(20, 50, durationMs => stalls.push(durationMs))
    holdingTheThread(() => spin(150))
    heartbeat.measure()
    spin(100)
    heartbeat.measure()
    heartbeat.stop()
    expect(stalls).toHaveLength(1)
    expect(stalls[0]).toBeGreaterThanOrEqual(80)
  })
})

describe('session stalls', () => {
  test('a session that never stalled for countAt has no record', () => {
    expect(new SessionStalls(50).toRecord()).toBeNull()
  })

  test('counts every stretch, keeps the longest and the blocks', () => {
    const stalls = new SessionStalls(50)
    const block: BlockRecord = { durationMs: 300, at: 5, capture: 'after', site: null, stack: [], owner: null }
    stalls.counted(60)
    stalls.counted(300)
    stalls.add(block)
    expect(stalls.toRecord()).toEqual({ longestMs: 300, count: 2, countAtMs: 50, blocks: [block] })
  })
})

describe('blocking monitor (watchdog off)', () => {
  const options = { countAt: 50, warnAt: 100, failAt: 0, watchdog: 'off' as const }

  test('credits a block to the open session, known only by its length, and a clean session gets nothing', () => {
    const monitor = new BlockingMonitor(options, '/project', 'off')
    const clean = newSession('clean')
    monitor.testStarted(clean)
    expect(monitor.testEnded(clean)).toEqual({ record: null, failure: null })
    const blocking = newSession('blocking')
    monitor.testStarted(blocking)
    spin(200)
    const { record, failure } = monitor.testEnded(blocking)
    expect(failure).toBeNull()
    expect(record).toEqual({ longestMs: expect.any(Number), count: 1, countAtMs: 50, blocks: [expect.objectContaining({ capture: 'after', site: null, owner: null, note: expect.stringContaining('watchdog: \'off\'') })] })
  })

  test('failAt fails the test with the duration', () => {
    const monitor = new BlockingMonitor({ ...options, failAt: 150 }, '/project', 'off')
    const session = newSession('slow')
    monitor.testStarted(session)
    spin(250)
    const { failure } = monitor.testEnded(session)
    expect(failure?.name).toBe('EventLoopBlockedError')
    expect(failure?.message).toMatch(/^this test blocked the event loop for \d+ ms \(blocking\.failAt: 150 ms\); set blocking: \{ watchdog: 'always' \} to name the function that held it$/)
  })
})

describe('hints', () => {
  const live = (stack: string[], note?: string): BlockRecord => ({ durationMs: 300, at: 0, capture: 'live', site: null, stack, owner: null, ...note ? { note } : {} })

  test.each([
    [['readFileSync (node:fs:441:20)', 'loadFixture (src/fixtures.ts:3:10)'], HINTS.syncIo],
    [['execSync (node:child_process:957:15)', 'build (src/build.ts:8:3)'], HINTS.syncIo],
    [['JSON.parse (<anonymous>)', 'parseCatalog (src/catalog.ts:12:5)'], HINTS.hugeJson],
    [['Atomics.wait (<anonymous>)', 'sleep (src/sleep.ts:2:10)'], HINTS.atomicsWait],
    [['parseCatalog (src/catalog.ts:12:5)'], HINTS.tightLoop],
  ])('%j', (stack, hint) => {
    expect(blockingHint(live(stack))).toBe(hint)
  })

  test('a native call that had just returned, and a block known only by its length', () => {
    expect(blockingHint(live(['build (src/build.ts:9:3)'], 'a native call had just returned when the watchdog paused the thread'))).toBe(HINTS.nativeCall)
    expect(blockingHint({ ...live([]), capture: 'after' })).toBeUndefined()
  })
})

test('a block of an earlier test\'s timer is a diagnosis of that test, naming the test it ran during', () => {
  const ref = (name: string) => ({ sessionId: `${name}#1`, testId: name, name, fullName: name, file: 'tests/a.test.ts', attempt: 1 })
  const entry = (name: string, blocks: BlockRecord[]): TestEntry => ({
    id: name, file: 'tests/a.test.ts', project: '', name, fullName: name, state: 'passed', durationMs: 1, flaky: false, attempts: 1, errors: [], diagnosis: [],
    sessions: [{ id: `${name}#1`, attempt: 1, retry: 0, repeat: 0, worker, startedAt: 0, endedAt: 1, state: 'passed', ...blocks.length > 0 ? { blocking: { longestMs: 300, count: 1, countAtMs: 50, blocks } } : {} }],
  })
  const site = { file: 'src/catalog.ts', line: 5, column: 3, function: 'parseCatalog' }
  const tests = [entry('schedules', []), entry('waits', [{ durationMs: 300, at: 10, capture: 'live', site, stack: ['parseCatalog (src/catalog.ts:5:3)', 'Timeout._onTimeout (tests/a.test.ts:4:20)', 'listOnTimeout (node:internal/timers:581:17)'], owner: ref('schedules') }])]
  addBlockingDiagnoses(tests)
  expect(tests[0]!.diagnosis).toEqual([{ kind: 'blocked-event-loop', attempt: 1, site, hint: HINTS.tightLoop, message: 'Its timer blocked the event loop for 300 ms in parseCatalog (src/catalog.ts:5), during "waits", after this test ended.' }])
  expect(tests[1]!.diagnosis).toEqual([])
})
