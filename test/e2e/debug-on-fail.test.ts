import type { ServersFile } from '../../src/debug/server-registry.js'
import type { DebugServerRecord } from '../../src/shared/debug-server.js'
import type { VitestRun } from '../utils/run-vitest.js'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping'
import { describe, expect, test } from 'vitest'
import { CdpClient } from '../../src/protocol/cdp/cdp-client.js'
import { lineOf } from '../utils/fixture-source.js'
import { asyncDebugBlock } from '../utils/normalize.js'
import { fixtureProject, runVitest } from '../utils/run-vitest.js'
import { cliPath } from '../utils/stack.js'

const root = fixtureProject('debug-on-fail')
const serversFile = join(root, '.vitest-async-debug/servers.json')
const failingLine = lineOf(root, 'tests/cart.test.ts', '// the failing line')

function pausedServers(): DebugServerRecord[] {
  try {
    return (JSON.parse(readFileSync(serversFile, 'utf8')) as ServersFile).servers.filter(server => server.state === 'paused')
  }
  catch {
    return []
  }
}

async function waitFor<T>(what: string, read: () => T | null | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = read()
    if (value) {
      return value
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`)
    }
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

interface CallFrame {
  callFrameId: string
  functionName: string
  location: { scriptId: string, lineNumber: number, columnNumber: number }
}

interface Script {
  scriptId: string
  url: string
  sourceMapURL?: string
}

/** What a debugger sees when it attaches to a paused worker, as VS Code or DevTools would. */
async function attach(server: DebugServerRecord): Promise<{ cdp: CdpClient, reason: string, frames: CallFrame[], scripts: Map<string, Script> }> {
  const cdp = await CdpClient.connect(server.webSocketUrl)
  const scripts = new Map<string, Script>()
  cdp.on('Debugger.scriptParsed', script => scripts.set(String(script.scriptId), script as unknown as Script))
  const paused = cdp.next('Debugger.paused')
  await cdp.send('Runtime.enable')
  await cdp.send('Debugger.enable')
  await cdp.send('Runtime.runIfWaitingForDebugger')
  const { reason, callFrames } = await paused as { reason: string, callFrames: CallFrame[] }
  return { cdp, reason, frames: callFrames, scripts }
}

async function evaluateOn(cdp: CdpClient, frame: CallFrame, expression: string): Promise<unknown> {
  const { result } = await cdp.send('Debugger.evaluateOnCallFrame', { callFrameId: frame.callFrameId, expression, returnByValue: true }) as { result: { value: unknown } }
  return result.value
}

/** The frame's line in the original TypeScript, through the script's inline source map. */
function originalLine(frame: CallFrame, script: Script): number | null {
  const encoded = script.sourceMapURL?.replace(/^data:application\/json;(charset=utf-8;)?base64,/, '')
  if (!encoded) {
    return null
  }
  const map = new TraceMap(Buffer.from(encoded, 'base64').toString('utf8'))
  return originalPositionFor(map, { line: frame.location.lineNumber + 1, column: frame.location.columnNumber }).line
}

function debugRecordOf(run: VitestRun, name: string): unknown {
  return run.report().tests.find(test => test.name === name)?.sessions.at(-1)?.debug
}

function pauseLines(output: string): string[] {
  return output.split('\n').filter(line => line.startsWith('paused '))
}

describe.each([['forks', 19_610], ['threads', 19_630]] as const)('pool %s', (pool, basePort) => {
  test('a failing test pauses at its failing line; a debugger attaches, reads the locals, evaluates there and resumes; the run ends with exit code 1 and a report, and the other worker kept going', async () => {
    const othersDone = join(root, `.others-done-${pool}`)
    rmSync(othersDone, { force: true })
    rmSync(serversFile, { force: true })
    let seen: Record<string, unknown> = {}
    let pausedPort = 0
    const run = await runVitest(root, ['--pool', pool, '--maxWorkers', '2', 'tests/cart.test.ts', 'tests/others.test.ts'], {
      env: { DEBUG_BASE_PORT: String(basePort), OTHERS_DONE_FILE: othersDone },
      onStart: () => {
        void (async () => {
          const [server] = await waitFor('a paused worker', () => pausedServers().length === 1 && pausedServers())
          pausedPort = server!.port
          // The paused worker blocks only itself: the other file finishes meanwhile.
          const othersFinishedWhilePaused = await waitFor('the other worker', () => existsSync(othersDone)).catch(() => false)
          const { cdp, reason, frames, scripts } = await attach(server!)
          const testFrame = frames.find(frame => scripts.get(frame.location.scriptId)?.url.endsWith('tests/cart.test.ts'))!
          seen = {
            server: { portIsBasePlusPoolId: server!.port === basePort + server!.poolId, test: server!.pause?.test.fullName, failure: server!.pause?.failure, plan: server!.pause?.plan },
            othersFinishedWhilePaused,
            reason,
            topFrameIsTheTest: frames[0] === testFrame,
            line: originalLine(testFrame, scripts.get(testFrame.location.scriptId)!),
            total: await evaluateOn(cdp, testFrame, 'total'),
            items: await evaluateOn(cdp, testFrame, 'items.length'),
            recomputed: await evaluateOn(cdp, testFrame, 'items.map(item => item.price * item.quantity).reduce((sum, value) => sum + value)'),
          }
          await cdp.send('Debugger.resume')
          await cdp.close()
        })()
      },
    })
    rmSync(othersDone, { force: true })
    expect(seen).toEqual({
      server: { portIsBasePlusPoolId: true, test: 'adds up the cart', failure: 'AssertionError: expected 8 to be 11 // Object.is equality', plan: 'rerun' },
      othersFinishedWhilePaused: true,
      reason: 'other',
      topFrameIsTheTest: true,
      line: failingLine,
      total: 8,
      items: 2,
      recomputed: 11,
    })
    expect(run.exitCode, run.output).toBe(1)
    const port = pausedPort
    expect(pauseLines(run.stdout)).toEqual([expect.stringMatching(new RegExp(`^paused tests/cart\\.test\\.ts > adds up the cart: AssertionError: expected 8 to be 11 // Object\\.is equality  attach to stop at the failing line: 127\\.0\\.0\\.1:${port} devtools://devtools/bundled/js_app\\.html\\?experiments=true&v8only=true&ws=127\\.0\\.0\\.1:${port}/[0-9a-f-]+$`))])
    const report = run.report()
    expect(report.tests.find(test => test.name === 'adds up the cart')?.errors.map(error => error.message)).toEqual(['expected 8 to be 11 // Object.is equality'])
    expect(debugRecordOf(run, 'adds up the cart')).toMatchObject({ released: 'debugger', plan: 'rerun', reproduced: true })
    expect(report.summary).toMatchObject({ tests: 4, passed: 3, failed: 1 })
    expect(asyncDebugBlock(run.stdout).replace(/\(\d+\.\d s\)/, '(N s)')).toBe([
      ' ASYNC DEBUG  1 test paused for a debugger',
      '',
      ' ✗ tests/cart.test.ts > adds up the cart',
      '   · a debugger attached (N s); it stopped on the failing line, and the re-run failed the same way',
      '',
      'vitest-async-debug report written to .vitest-async-debug/report.json',
      'vitest-async-debug HTML report written to .vitest-async-debug/report.html',
    ].join('\n'))
  })

  test('in CI without allowInCI nothing waits: the run says why and ends as usual', async () => {
    rmSync(serversFile, { force: true })
    const run = await runVitest(root, ['--pool', pool, 'tests/cart.test.ts'], { env: { CI: 'true', DEBUG_BASE_PORT: String(basePort) } })
    expect(run.exitCode, run.output).toBe(1)
    expect(run.stdout).toContain('vitest-async-debug: debug-on-fail is off because CI is set: a paused test would wait for a debugger nobody attaches. Pass debugOnFail: { allowInCI: true } to wait anyway.')
    expect(pauseLines(run.stdout)).toEqual([])
    expect(debugRecordOf(run, 'adds up the cart')).toBeUndefined()
  })

  test('two workers failing at once both pause, each on its own port; a failure that does not come back stops at the line, then next to the failure', async () => {
    rmSync(serversFile, { force: true })
    let seen: Record<string, unknown> = {}
    const run = await runVitest(root, ['--pool', pool, '--maxWorkers', '2', 'tests/cart.test.ts', 'tests/flaky.test.ts'], {
      env: { DEBUG_BASE_PORT: String(basePort + 5) },
      onStart: () => {
        void (async () => {
          const servers = await waitFor('two paused workers', () => pausedServers().length === 2 && pausedServers())
          const [cart, flaky] = ['adds up the cart', 'fails only the first time it runs'].map(name => servers.find(server => server.pause?.test.name === name)!)
          const atCart = await attach(cart!)
          const atFlaky = await attach(flaky!)
          // The failing line is reached again (and passes this time), then the debugger stops next to the failure.
          const [atLine] = atFlaky.frames
          const firstRun = await evaluateOn(atFlaky.cdp, atLine!, 'firstRun')
          const nextToFailure = atFlaky.cdp.next('Debugger.paused')
          await atFlaky.cdp.send('Debugger.resume')
          const [top] = (await nextToFailure as { callFrames: CallFrame[] }).callFrames
          seen = {
            ports: servers.map(server => server.port).sort(),
            cartStoppedIn: scriptName(atCart.scripts.get(atCart.frames[0]!.location.scriptId)),
            flakyPlan: flaky!.pause?.plan,
            flakyStoppedFirstIn: scriptName(atFlaky.scripts.get(atLine!.location.scriptId)),
            firstRun,
            flakyStoppedIn: top?.functionName,
            failure: await evaluateOn(atFlaky.cdp, top!, 'failure.message'),
            test: await evaluateOn(atFlaky.cdp, top!, 'test.name'),
          }
          for (const { cdp } of [atCart, atFlaky]) {
            await cdp.send('Debugger.resume')
            await cdp.close()
          }
        })()
      },
    })
    expect(seen).toEqual({
      ports: [basePort + 6, basePort + 7],
      cartStoppedIn: 'cart.test.ts',
      flakyPlan: 'rerun',
      flakyStoppedFirstIn: 'flaky.test.ts',
      firstRun: false,
      flakyStoppedIn: 'stopNextToFailure',
      failure: 'expected true to be false // Object.is equality',
      test: 'fails only the first time it runs',
    })
    expect(run.exitCode, run.output).toBe(1)
    expect(pauseLines(run.stdout)).toHaveLength(2)
    expect(debugRecordOf(run, 'adds up the cart')).toMatchObject({ released: 'debugger', reproduced: true })
    expect(debugRecordOf(run, 'fails only the first time it runs')).toMatchObject({ released: 'debugger', plan: 'rerun', reproduced: false })
    expect(run.report().summary).toMatchObject({ tests: 2, failed: 2 })
  })
})

describe('pool forks', () => {
  const basePort = 19_660

  test('a timed-out test stops next to the failure with its timeout forensics at hand; resuming does not add a second failure', async () => {
    rmSync(serversFile, { force: true })
    let seen: Record<string, unknown> = {}
    const run = await runVitest(root, ['tests/hanging.test.ts'], {
      env: { DEBUG_BASE_PORT: String(basePort) },
      onStart: () => {
        void (async () => {
          const [server] = await waitFor('a paused worker', () => pausedServers().length === 1 && pausedServers())
          const { cdp, frames } = await attach(server!)
          const [top] = frames
          seen = {
            plan: server!.pause?.plan,
            stoppedIn: top?.functionName,
            failure: await evaluateOn(cdp, top!, 'failure.message'),
            summary: await evaluateOn(cdp, top!, 'diagnosis.timeout.summary'),
          }
          // Longer than the test's 300 ms timeout: it must not fire again.
          await new Promise(resolve => setTimeout(resolve, 700))
          await cdp.send('Debugger.resume')
          await cdp.close()
        })()
      },
    })
    expect(seen).toMatchObject({ plan: 'context', stoppedIn: 'stopNextToFailure', failure: 'Test timed out in 300ms.\nIf this is a long-running test, pass a timeout value as the last argument or configure it globally with "testTimeout".', summary: expect.any(String) })
    expect(run.exitCode, run.output).toBe(1)
    const [entry] = run.report().tests
    expect(entry?.errors.map(error => error.message)).toEqual(['Test timed out in 300ms.\nIf this is a long-running test, pass a timeout value as the last argument or configure it globally with "testTimeout".'])
    expect(debugRecordOf(run, 'waits for a reply that never comes')).toMatchObject({ released: 'debugger', plan: 'context', reproduced: null })
  })

  test('nobody attaches: after waitTimeout the worker goes on, and the report says so', async () => {
    rmSync(serversFile, { force: true })
    const run = await runVitest(root, ['tests/cart.test.ts'], { env: { DEBUG_BASE_PORT: String(basePort + 5), DEBUG_WAIT_TIMEOUT: '1500' } })
    expect(run.exitCode, run.output).toBe(1)
    expect(run.stdout).toContain('paused adds up the cart: no debugger attached within 1.5 s; the run goes on.')
    expect(debugRecordOf(run, 'adds up the cart'), run.output).toMatchObject({ released: 'timeout', reproduced: null })
    expect(run.stdout).toMatch(/ {3}· paused \d+\.\d s, but no debugger attached\n/)
    expect((debugRecordOf(run, 'adds up the cart') as { pausedMs: number }).pausedMs).toBeGreaterThanOrEqual(1400)
  })

})

describe.each([['forks', 19_680], ['threads', 19_690]] as const)('pool %s', (pool, basePort) => {
  test('Ctrl+C while a worker waits for a debugger ends the run with a report', async () => {
    rmSync(serversFile, { force: true })
    const started = Date.now()
    const run = await runVitest(root, ['--pool', pool, 'tests/cart.test.ts', 'tests/others.test.ts'], {
      env: { DEBUG_BASE_PORT: String(basePort) },
      onStart: (child) => {
        void waitFor('a paused worker', () => pausedServers().length === 1).then(() => process.kill(-child.pid!, 'SIGINT'))
      },
    })
    expect(Date.now() - started).toBeLessThan(30_000)
    expect(run.hasReport(), run.output).toBe(true)
    expect(run.report().run).toMatchObject({ status: 'interrupted', complete: false })
    // The process ended: no worker of it is still paused, or listening.
    const servers = (JSON.parse(readFileSync(serversFile, 'utf8')) as ServersFile).servers
    expect(servers.map(server => [server.state, server.pause])).toEqual(servers.map(() => ['closed', null]))
  })
})

describe.each([
  ['vitest-async-debug run --debug-on-fail', [cliPath, 'run', '--debug-on-fail'], []],
  ['vitest run -- --debug-on-fail', undefined, ['--', '--debug-on-fail']],
] as const)('%s', (_name, command, trailing) => {
  test('turns debug-on-fail on when the config does not', async () => {
    rmSync(serversFile, { force: true })
    let line: number | null = null
    const run = await runVitest(root, ['tests/cart.test.ts', ...trailing], {
      command: command ? [...command] : undefined,
      env: { DEBUG_ON_FAIL: 'off', DEBUG_BASE_PORT: String(command ? 19_700 : 19_710) },
      onStart: () => {
        void (async () => {
          const [server] = await waitFor('a paused worker', () => pausedServers().length === 1 && pausedServers())
          const { cdp, frames, scripts } = await attach(server!)
          const testFrame = frames.find(frame => scriptName(scripts.get(frame.location.scriptId)) === 'cart.test.ts')!
          line = originalLine(testFrame, scripts.get(testFrame.location.scriptId)!)
          await cdp.send('Debugger.resume')
          await cdp.close()
        })()
      },
    })
    expect(line).toBe(failingLine)
    expect(run.exitCode, run.output).toBe(1)
    expect(debugRecordOf(run, 'adds up the cart'), JSON.stringify(run.report().tests[0]?.sessions, null, 1) + run.output).toMatchObject({ released: 'debugger', reproduced: true })
  })
})

test('a worker left waiting when the main process is killed lets go by itself instead of waiting forever', async () => {
  rmSync(serversFile, { force: true })
  let workerPid = 0
  const run = await runVitest(root, ['tests/cart.test.ts'], {
    env: { DEBUG_BASE_PORT: '19720' },
    onStart: (child) => {
      void waitFor('a paused worker', () => pausedServers().length === 1 && pausedServers()).then(([server]) => {
        workerPid = server!.pid
        child.kill('SIGKILL')
      })
    },
  })
  expect(run.signal).toBe('SIGKILL')
  const alive = (): boolean => {
    try {
      process.kill(workerPid, 0)
      return true
    }
    catch {
      return false
    }
  }
  await waitFor('the orphaned worker to end', () => !alive(), 10_000)
  expect(alive()).toBe(false)
})

test('a debugger that detaches without resuming lets the run go on; a pause longer than the test\'s timeout adds no timeout failure', async () => {
  rmSync(serversFile, { force: true })
  let seen: Record<string, unknown> = {}
  const run = await runVitest(root, ['tests/short-timeout.test.ts'], {
    env: { DEBUG_BASE_PORT: '19730' },
    onStart: () => {
      void (async () => {
        const [server] = await waitFor('a paused worker', () => pausedServers().length === 1 && pausedServers())
        const { cdp, frames } = await attach(server!)
        seen = { expected: await evaluateOn(cdp, frames[0]!, 'expected') }
        await new Promise(resolve => setTimeout(resolve, 1_000))
        await cdp.close()
      })()
    },
  })
  expect(seen).toEqual({ expected: 'ready' })
  expect(run.exitCode, run.output).toBe(1)
  const [entry] = run.report().tests
  expect(entry?.errors.map(error => error.message)).toEqual(['expected \'not ready\' to be \'ready\' // Object.is equality'])
  expect(entry?.sessions.at(-1)?.debug).toMatchObject({ released: 'debugger', stoppedAtFailingLine: true, reproduced: true })
  expect(entry?.sessions.at(-1)?.debug?.pausedMs).toBeGreaterThanOrEqual(1_000)
})

function scriptName(script: Script | undefined): string | undefined {
  return script?.url.split('/').at(-1)
}
