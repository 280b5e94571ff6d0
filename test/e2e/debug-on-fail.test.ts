import type { ServersFile } from '../../src/debug/server-registry.js'
import type { DebugServerRecord } from '../../src/shared/debug-server.js'
import type { VitestRun } from '../utils/run-vitest.js'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping'
import { describe, expect, test } from 'vitest'
import { CdpConnection } from '../../src/debug/cdp-connection.js'
import { lineOf } from '../utils/fixture-source.js'
import { fixturesRoot, runVitest } from '../utils/run-vitest.js'

const root = join(fixturesRoot, 'debug-on-fail')
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
async function attach(server: DebugServerRecord): Promise<{ cdp: CdpConnection, reason: string, frames: CallFrame[], scripts: Map<string, Script> }> {
  const cdp = await CdpConnection.connect(server.webSocketUrl)
  const scripts = new Map<string, Script>()
  cdp.on('Debugger.scriptParsed', script => scripts.set(String(script.scriptId), script as unknown as Script))
  const paused = cdp.next('Debugger.paused')
  await cdp.send('Runtime.enable')
  await cdp.send('Debugger.enable')
  await cdp.send('Runtime.runIfWaitingForDebugger')
  const { reason, callFrames } = await paused as { reason: string, callFrames: CallFrame[] }
  return { cdp, reason, frames: callFrames, scripts }
}

async function evaluateOn(cdp: CdpConnection, frame: CallFrame, expression: string): Promise<unknown> {
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
    const run = await runVitest(root, ['--pool', pool, '--maxWorkers', '2', 'tests/cart.test.ts', 'tests/others.test.ts'], {
      env: { DEBUG_BASE_PORT: String(basePort), OTHERS_DONE_FILE: othersDone },
      onStart: () => {
        void (async () => {
          const [server] = await waitFor('a paused worker', () => pausedServers().length === 1 && pausedServers())
          // The paused worker blocks only itself: the other file finishes meanwhile.
          const othersFinishedWhilePaused = await waitFor('the other worker', () => existsSync(othersDone)).catch(() => false)
          const { cdp, reason, frames, scripts } = await attach(server!)
          const testFrame = frames.find(frame => scripts.get(frame.location.scriptId)?.url.endsWith('tests/cart.test.ts'))!
          seen = {
            server: { port: server!.port, test: server!.pause?.test.fullName, failure: server!.pause?.failure, plan: server!.pause?.plan },
            othersFinishedWhilePaused,
            reason,
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
      server: { port: basePort + 1, test: 'adds up the cart', failure: 'AssertionError: expected 8 to be 11 // Object.is equality', plan: 'rerun' },
      othersFinishedWhilePaused: true,
      reason: 'promiseRejection',
      line: failingLine,
      total: 8,
      items: 2,
      recomputed: 11,
    })
    expect(run.exitCode, run.output).toBe(1)
    const port = basePort + 1
    expect(pauseLines(run.stdout)).toEqual([expect.stringMatching(new RegExp(`^paused tests/cart\\.test\\.ts > adds up the cart: AssertionError: expected 8 to be 11 // Object\\.is equality  attach to stop at the failing line: 127\\.0\\.0\\.1:${port} ws://127\\.0\\.0\\.1:${port}/[0-9a-f-]+$`))])
    const report = run.report()
    expect(report.tests.find(test => test.name === 'adds up the cart')?.errors.map(error => error.message)).toEqual(['expected 8 to be 11 // Object.is equality'])
    expect(debugRecordOf(run, 'adds up the cart')).toMatchObject({ released: 'debugger', plan: 'rerun', reproduced: true })
    expect(report.summary).toMatchObject({ tests: 4, passed: 3, failed: 1 })
  })
})
