import type { DebugProtocol } from '@vscode/debugprotocol'
import type { LedgerResponseBody, SessionResponseBody } from '../../src/shared/dap-extensions.js'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { DebugClient as ReferenceClient } from '@vscode/debugadapter-testsupport'
import { describe, expect, test } from 'vitest'
import { DebugClient } from '../../src/client/debug-client.js'
import { gatewayPortIn, waitFor } from '../utils/dap.js'
import { lineOf } from '../utils/fixture-source.js'
import { fixtureProject, runVitest } from '../utils/run-vitest.js'

const root = fixtureProject('dap')
const file = (path: string): string => join(root, path)
const line = (path: string, marker: string): number => lineOf(root, path, marker)

const gatewayPort = (): number | null => gatewayPortIn(root)

/** The reference DAP client (VS Code's test support), with every event kept from the start. */
async function referenceClient(port: number): Promise<{ client: ReferenceClient, events: DebugProtocol.Event[], nextStop: () => Promise<DebugProtocol.StoppedEvent['body']> }> {
  const client = new ReferenceClient('node', '', 'node')
  await client.start(port)
  const events: DebugProtocol.Event[] = []
  const stops: DebugProtocol.StoppedEvent['body'][] = []
  const waiters: ((stop: DebugProtocol.StoppedEvent['body']) => void)[] = []
  for (const name of ['stopped', 'continued', 'thread', 'output', 'breakpoint', 'terminated', 'initialized', 'vitestAsyncDebug/testFinished']) {
    client.on(name, (event: DebugProtocol.Event) => {
      events.push(event)
      if (name === 'stopped') {
        const waiter = waiters.shift()
        if (waiter) {
          waiter(event.body)
        }
        else {
          stops.push(event.body)
        }
      }
    })
  }
  const nextStop = (): Promise<DebugProtocol.StoppedEvent['body']> => stops.length > 0
    ? Promise.resolve(stops.shift()!)
    : new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no stop within 30 s; events: ${events.map(event => event.event).join(', ')}`)), 30_000)
      waiters.push((stop) => {
        clearTimeout(timer)
        resolve(stop)
      })
    })
  return { client, events, nextStop }
}

interface TopFrame {
  frame: DebugProtocol.StackFrame
  where: string
}

async function topFrame(client: ReferenceClient, threadId: number): Promise<TopFrame> {
  const { body } = await client.stackTraceRequest({ threadId, levels: 20 })
  const frame = body.stackFrames[0]!
  return { frame, where: `${frame.source?.path?.slice(root.length + 1)}:${frame.line}` }
}

/** The variables of every scope but the global ones (a loop's body is a Block scope inside the Local one). */
async function scopeVariables(client: ReferenceClient, frameId: number): Promise<DebugProtocol.Variable[]> {
  const { body } = await client.scopesRequest({ frameId })
  const variables: DebugProtocol.Variable[] = []
  for (const scope of body.scopes.filter(scope => !scope.expensive)) {
    variables.push(...(await client.variablesRequest({ variablesReference: scope.variablesReference })).body.variables)
  }
  return variables
}

async function localsOf(client: ReferenceClient, frameId: number): Promise<Record<string, string>> {
  return Object.fromEntries((await scopeVariables(client, frameId)).map(variable => [variable.name, variable.value]))
}

async function child(client: ReferenceClient, variables: DebugProtocol.Variable[], name: string): Promise<DebugProtocol.Variable[]> {
  const found = variables.find(variable => variable.name === name)
  if (!found || found.variablesReference === 0) {
    throw new Error(`no expandable ${name} in ${variables.map(variable => variable.name).join(', ')}`)
  }
  return (await client.variablesRequest({ variablesReference: found.variablesReference })).body.variables
}

describe.each([['forks', 19_720, 19_760, ['--', '--debug-on-fail']], ['threads', 19_740, 19_761, []]] as const)('pool %s', (pool, basePort, dapPort, extraArgs) => {
  test('a DAP client sees every worker as a thread; breakpoints set before the run bind in every file, stop with locals, step, evaluate; the failed test stops on its line; a second client sees the same stops; the custom requests show a stuck test\'s pending work', async () => {
    const transcript: string[] = []
    const seen: Record<string, unknown> = {}
    const cartLoop = line('tests/cart.test.ts', '// the loop line')
    const failing = line('tests/cart.test.ts', '// the failing line')
    const helperLine = line('src/pricing.ts', '// the helper line')
    const laterLine = line('tests/later.test.ts', '// the later line')
    const logpointLine = line('tests/later.test.ts', '// the logpoint line')
    const stuckLine = line('tests/stuck.test.ts', '// the stuck line')
    const pollerLine = line('tests/stuck.test.ts', '// the poller line')
    rmSync(join(root, '.vitest-async-debug/servers.json'), { force: true })
    const run = await runVitest(root, ['--pool', pool, '--maxWorkers', '1', 'tests/cart.test.ts', 'tests/later.test.ts', 'tests/stuck.test.ts', ...extraArgs], {
      env: { DEBUG_BASE_PORT: String(basePort), DAP_PORT: String(dapPort), DAP_WAIT: '1', STUCK_MS: '4000' },
      onStart: () => {
        void (async () => {
          const port = await waitFor('the gateway in servers.json', gatewayPort)
          const { client, events, nextStop } = await referenceClient(port)
          const initialized = client.waitForEvent('initialized')
          const capabilities = (await client.initializeRequest({ adapterID: 'vitest-async-debug', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' })).body
          seen.filters = capabilities?.exceptionBreakpointFilters?.map(filter => filter.filter)
          await client.attachRequest({} as DebugProtocol.AttachRequestArguments)
          await initialized
          const set = async (path: string, breakpoints: DebugProtocol.SourceBreakpoint[]): Promise<unknown> => (await client.setBreakpointsRequest({ source: { path: file(path) }, breakpoints })).body.breakpoints.map(breakpoint => ({ verified: breakpoint.verified, line: breakpoint.line }))
          seen.setBeforeRun = [
            await set('tests/cart.test.ts', [{ line: cartLoop, condition: 'item.name === \'jam\'' }]),
            await set('src/pricing.ts', [{ line: helperLine, hitCondition: '2' }]),
            await set('tests/later.test.ts', [{ line: logpointLine, logMessage: 'marker is {marker.file} #{marker.order}' }, { line: laterLine }]),
          ]
          await client.setExceptionBreakpointsRequest({ filters: ['failed-test'] })
          // A second client at the same time: our DebugClient, which only listens.
          const second = await DebugClient.connect({ port })
          const secondStops: string[] = []
          second.on('stopped', stop => secondStops.push(`${stop.reason}${stop.text ? `: ${stop.text}` : ''}`))
          await second.attach({ exceptionFilters: [] })
          await client.configurationDoneRequest()
          let stuckSeen: Promise<unknown> | null = null
          const watchStuck = async (): Promise<void> => {
            const stuck = await waitFor('the stuck test\'s thread', async () => (await second.threads()).find(thread => thread.name.endsWith('tests/stuck.test.ts')), 60_000)
            const session = await waitFor('the stuck test running', async () => {
              const body = await second.session(stuck.id)
              return body.sessions[0]?.name === 'waits for a slow reply' && body
            }, 10_000)
            const ledger: LedgerResponseBody = await second.ledger(stuck.id)
            seen.stuck = {
              threadName: stuck.name,
              test: session.sessions[0]!.fullName,
              pending: session.sessions[0]!.pending.map(operation => ({ kind: operation.kind, line: operation.site?.line, file: operation.site?.file, listensTo: operation.listensTo })),
              ledger: ledger.sessions.map(finished => ({ name: finished.name, leftRunning: finished.leftRunning.map(operation => `${operation.kind} ${operation.site?.file}:${operation.site?.line}`) })),
            }
          }
          stuckSeen = watchStuck().catch((error: Error) => {
            seen.stuck = error.message
          })
          for (let stops = 0; stops < 6; stops++) {
            const stop = await nextStop()
            const { frame, where } = await topFrame(client, stop.threadId!)
            const thread = (await client.threadsRequest()).body.threads.find(candidate => candidate.id === stop.threadId)!.name
            transcript.push(`${stop.reason} ${where}${stop.text ? ` (${stop.text})` : ''} in ${thread.replace(/worker \d+/, 'worker N')}`)
            if (where === `src/pricing.ts:${helperLine}`) {
              seen.helper = await localsOf(client, frame.id)
              await client.nextRequest({ threadId: stop.threadId! })
              const step = await nextStop()
              const after = await topFrame(client, step.threadId!)
              transcript.push(`${step.reason} ${after.where}`)
              seen.afterStep = (await client.evaluateRequest({ expression: 'subtotal * 10', frameId: after.frame.id, context: 'watch' })).body.result
            }
            else if (where === `tests/cart.test.ts:${cartLoop}` && !seen.loop) {
              const locals = await scopeVariables(client, frame.id)
              const cart = await child(client, locals, 'cart')
              const owner = await child(client, cart, 'owner')
              const address = await child(client, owner, 'address')
              seen.loop = {
                item: locals.find(variable => variable.name === 'item')?.value,
                city: address.find(variable => variable.name === 'city')?.value,
                lines: address.find(variable => variable.name === 'lines')?.value,
                total: (await client.evaluateRequest({ expression: 'total', frameId: frame.id, context: 'repl' })).body.result,
              }
            }
            else if (stop.reason === 'exception') {
              seen.failed = { locals: await localsOf(client, frame.id), session: (await client.customRequest('vitestAsyncDebug/session', { threadId: stop.threadId })).body.sessions.map((session: SessionResponseBody['sessions'][number]) => session.fullName) }
              seen.exceptionInfo = (await client.exceptionInfoRequest({ threadId: stop.threadId! })).body.description
            }
            await client.continueRequest({ threadId: stop.threadId! })
            if (where === `tests/later.test.ts:${laterLine}`) {
              break
            }
          }
          await stuckSeen
          await waitFor('every test\'s result', () => events.filter(event => event.event === 'vitestAsyncDebug/testFinished').length === 4, 20_000).catch(() => {})
          seen.logpoint = events.filter(event => event.event === 'output' && String(event.body.output).startsWith('marker')).map(event => event.body.output)
          seen.secondStops = secondStops
          seen.threadEvents = events.filter(event => event.event === 'thread').length
          seen.testFinished = events.filter(event => event.event === 'vitestAsyncDebug/testFinished').map(event => `${event.body.test.name}: ${event.body.state}`).sort()
          await second.close()
          await client.disconnectRequest({})
          await client.stop()
        })().catch((error: Error) => {
          seen.error = error.stack
        })
      },
    })
    expect(seen.error, run.output).toBeUndefined()
    expect(transcript, run.output).not.toEqual([])
    expect(transcript).toEqual([
      `breakpoint src/pricing.ts:${helperLine} in ${pool} worker N · tests/cart.test.ts`,
      `step src/pricing.ts:${helperLine + 1}`,
      `breakpoint tests/cart.test.ts:${cartLoop} in ${pool} worker N · tests/cart.test.ts`,
      // The failing test runs again to stop on its line: its breakpoints stop again.
      `breakpoint tests/cart.test.ts:${cartLoop} in ${pool} worker N · tests/cart.test.ts`,
      `exception tests/cart.test.ts:${failing} (AssertionError: expected 12 to be 13 // Object.is equality) in ${pool} worker N · tests/cart.test.ts`,
      `breakpoint tests/later.test.ts:${laterLine} in ${pool} worker N · tests/later.test.ts`,
    ])
    expect(seen).toMatchObject({
      filters: ['failed-test', 'uncaught', 'all'],
      setBeforeRun: [[{ verified: false, line: cartLoop }], [{ verified: false, line: helperLine }], [{ verified: false, line: logpointLine }, { verified: false, line: laterLine }]],
      helper: { item: '{name: \'scone\', price: 3, quantity: 2}' },
      afterStep: '60',
      loop: { item: '{name: \'jam\', price: 2, quantity: 1}', city: '"London"', lines: '(1) [\'12 Queen St\']', total: '10' },
      failed: { locals: expect.objectContaining({ total: '12' }), session: ['adds up the cart'] },
      exceptionInfo: 'AssertionError: expected 12 to be 13 // Object.is equality',
      logpoint: ['marker is later #2\n'],
      secondStops: [
        'breakpoint', 'step', 'breakpoint', 'breakpoint',
        'exception: AssertionError: expected 12 to be 13 // Object.is equality',
        'breakpoint',
      ],
      stuck: {
        threadName: expect.stringMatching(new RegExp(`^${pool} worker \\d+ · tests/stuck\\.test\\.ts$`)),
        test: 'waits for a slow reply',
        pending: [{ kind: 'timeout', line: stuckLine, file: 'tests/stuck.test.ts', listensTo: null }],
        ledger: [{ name: 'starts a poller and leaves it running', leftRunning: [`interval tests/stuck.test.ts:${pollerLine}`] }],
      },
      testFinished: ['adds up the cart: failed', 'runs in a later file: passed', 'starts a poller and leaves it running: passed', 'waits for a slow reply: passed'],
    })
    expect(seen.threadEvents).toBeGreaterThanOrEqual(3)
    expect(run.exitCode, run.output).toBe(1)
    const report = run.report()
    expect(report.summary).toMatchObject({ tests: 4, passed: 3, failed: 1 })
    expect(report.debugServers.dap).toEqual({ host: '127.0.0.1', port: dapPort })
    expect(run.stdout).toMatch(new RegExp(`^DAP gateway 127\\.0\\.0\\.1:${dapPort} `, 'm'))
  })
})
