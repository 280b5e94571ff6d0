import type { DebugServerRecord } from '../../src/shared/debug-server.js'
import { expect, test } from 'vitest'
import { resolveDashboardPort } from '../../src/dashboard/server/dashboard-settings.js'
import { WorkerViews } from '../../src/dashboard/server/worker-views.js'

test('--dashboard, --dashboard=<port> and the dashboard option; a bad port names the fix', () => {
  expect(resolveDashboardPort(false, ['vitest', 'run'])).toBeNull()
  expect(resolveDashboardPort(true, [])).toBe(51_730)
  expect(resolveDashboardPort({ port: 6000 }, [])).toBe(6000)
  expect(resolveDashboardPort(false, ['--', '--dashboard'])).toBe(51_730)
  expect(resolveDashboardPort({ port: 6000 }, ['--dashboard=7000'])).toBe(7000)
  expect(() => resolveDashboardPort(false, ['--dashboard=web'])).toThrow('vitest-async-debug: --dashboard=web: the port must be a number from 1024 to 65535, e.g. --dashboard=51730')
})

test('workers: hello, samples and tests from the hub; new samples only in changes; a paused debug server shows as paused; a closed connection as closed', () => {
  const servers: DebugServerRecord[] = []
  const views = new WorkerViews(() => servers)
  views.handle(1, { type: 'hello', worker: { pid: 10, threadId: 0, poolId: 1, pool: 'forks', project: '', file: 'a.test.ts' } })
  views.handle(1, { type: 'sample', sample: { at: 1, cpuPercent: 50, rssBytes: 1, heapUsedBytes: 1, eventLoopDelayMaxMs: 2 }, file: 'a.test.ts' })
  views.handle(1, { type: 'running', test: { id: 't1', name: 'adds', fullName: 'math > adds', file: 'a.test.ts', startedAt: 5 } })
  views.handle(2, { type: 'sample', sample: { at: 1, cpuPercent: 1, rssBytes: 1, heapUsedBytes: 1, eventLoopDelayMaxMs: 1 }, file: null })
  expect(views.changes()).toMatchObject([{ key: 'forks#1', state: 'running', test: { name: 'adds' }, samples: [{ at: 1 }] }])
  views.handle(1, { type: 'sample', sample: { at: 2, cpuPercent: 50, rssBytes: 1, heapUsedBytes: 1, eventLoopDelayMaxMs: 2 }, file: 'a.test.ts' })
  servers.push({ pid: 10, threadId: 0, state: 'paused', webSocketUrl: 'ws://127.0.0.1:9230/x', devtoolsUrl: 'devtools://x' } as DebugServerRecord)
  expect(views.changes()).toMatchObject([{ state: 'paused', debugServer: { webSocketUrl: 'ws://127.0.0.1:9230/x' }, samples: [{ at: 2 }] }])
  expect(views.changes()).toEqual([])
  expect(views.all()[0]!.samples.map(sample => sample.at)).toEqual([1, 2])
  views.closed(1)
  expect(views.changes()).toMatchObject([{ state: 'closed', test: null }])
})

test('an isolated fork per file in one slot is one worker: the next process takes over the slot and its charts, and the old one closing late does not close it', () => {
  const views = new WorkerViews()
  const sample = (at: number) => ({ type: 'sample' as const, sample: { at, cpuPercent: 1, rssBytes: 1, heapUsedBytes: 1, eventLoopDelayMaxMs: 1 }, file: null })
  views.handle(1, { type: 'hello', worker: { pid: 10, threadId: 0, poolId: 1, pool: 'forks', project: '', file: 'a.test.ts' } })
  views.handle(1, sample(1))
  views.handle(2, { type: 'hello', worker: { pid: 11, threadId: 0, poolId: 1, pool: 'forks', project: '', file: 'b.test.ts' } })
  views.handle(1, sample(2))
  views.closed(1)
  views.handle(2, sample(3))
  expect(views.all()).toMatchObject([{ key: 'forks#1', pid: 11, state: 'running', file: 'b.test.ts', samples: [{ at: 1 }, { at: 3 }] }])
})
