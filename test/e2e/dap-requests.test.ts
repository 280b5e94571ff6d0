import type { DebugProtocol } from '@vscode/debugprotocol'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { DebugClient } from '../../src/client/debug-client.js'
import { gatewayPortIn, waitFor } from '../utils/dap.js'
import { lineOf } from '../utils/fixture-source.js'
import { fixtureProject, runVitest } from '../utils/run-vitest.js'
import { cliPath } from '../utils/stack.js'

const root = fixtureProject('dap')
const inspectFile = join(root, 'tests/inspect.test.ts')
const stepLine = lineOf(root, 'tests/inspect.test.ts', '// the step line')
const inspectLine = lineOf(root, 'tests/inspect.test.ts', '// the inspect line')
const spinLine = lineOf(root, 'tests/inspect.test.ts', '// the spin line')
const helperLine = lineOf(root, 'src/pricing.ts', '// the helper line')

const gatewayPort = (): number | null => gatewayPortIn(root)

async function connect(): Promise<DebugClient> {
  const port = await waitFor('the gateway in servers.json', gatewayPort)
  return DebugClient.connect({ port })
}

const where = (frame: DebugProtocol.StackFrame | undefined): string => `${frame?.source?.path?.slice(root.length + 1)}:${frame?.line}`

describe.each([['forks', 19_800, 19_820], ['threads', 19_840, 19_860]] as const)('pool %s', (pool, basePort, dapPort) => {
  test('through `vitest-async-debug run --dap=<port> --dap-wait`: stepping in and out, stack paging, indexed variables, lazy getters, setVariable, evaluate (hover, global), loadedSources, source, exceptionInfo, pause, output, and terminated at the end', async () => {
    rmSync(join(root, '.vitest-async-debug/servers.json'), { force: true })
    const seen: Record<string, unknown> = {}
    let client: Promise<void> = Promise.resolve()
    const run = await runVitest(root, ['--pool', pool, '--dap-wait', `--dap=${dapPort}`, 'tests/inspect.test.ts'], {
      // The flag's port wins over the config's.
      command: [cliPath, 'run'],
      env: { DEBUG_BASE_PORT: String(basePort), DAP_PORT: String(dapPort + 1), EXPECTED_DISCOUNT: '2', SPIN_MS: '20000' },
      onStart: () => {
        client = (async () => {
          const client = await connect()
          const output: string[] = []
          client.on('output', body => output.push(body.output))
          const terminated = new Promise(resolve => client.on('terminated', resolve))
          const exited = new Promise(resolve => client.on('thread', body => body.reason === 'exited' && resolve(body.threadId)))
          await client.attach({ breakpoints: { [inspectFile]: [stepLine] } })
          const atStep = await client.waitForStop()
          const threadId = atStep.threadId!
          seen.first = where((await client.stackTrace(threadId, { levels: 1 })).stackFrames[0])
          await client.step(threadId, 'stepIn')
          await client.waitForStop()
          seen.steppedIn = where((await client.stackTrace(threadId, { levels: 1 })).stackFrames[0])
          await client.step(threadId, 'stepOut')
          const atInspect = await client.waitForStop()
          seen.steppedOut = where((await client.stackTrace(threadId, { levels: 1 })).stackFrames[0])
          seen.exceptionInfo = await client.request('exceptionInfo', { threadId }).catch((error: Error) => error.message)
          // Stepping out of priceOf() stops on the next statement of the test, the inspect line.
          const page = await client.stackTrace(threadId, { startFrame: 0, levels: 2 })
          const next = await client.stackTrace(threadId, { startFrame: 2, levels: 2 })
          const all = await client.stackTrace(threadId)
          seen.paging = {
            reason: atInspect.reason,
            first: page.stackFrames.length,
            totalIsTheWholeStack: page.totalFrames === all.stackFrames.length && all.stackFrames.length > 4,
            nextPageFollows: JSON.stringify(next.stackFrames) === JSON.stringify(all.stackFrames.slice(2, 4)),
          }
          const top = all.stackFrames[0]!
          const [local] = await client.scopes(top.id)
          const locals = await client.variables(local!.variablesReference)
          const numbers = locals.find(variable => variable.name === 'numbers')!
          seen.numbers = { indexed: numbers.indexedVariables, slice: (await client.variables(numbers.variablesReference, { filter: 'indexed', start: 200, count: 3 })).map(variable => `${variable.name}=${variable.value}`) }
          const account = await client.variables(locals.find(variable => variable.name === 'account')!.variablesReference)
          const lazy = async (name: string): Promise<string | undefined> => {
            const variable = account.find(candidate => candidate.name === name)!
            return `${variable.value} lazy=${variable.presentationHint?.lazy} → ${(await client.variables(variable.variablesReference))[0]?.value}`
          }
          seen.getters = { balance: await lazy('balance'), currency: await lazy('currency') }
          seen.setScope = (await client.request<DebugProtocol.SetVariableResponse['body']>('setVariable', { variablesReference: local!.variablesReference, name: 'free', value: '1' })).value
          const discount = locals.find(variable => variable.name === 'discount')!
          seen.setProperty = (await client.request<DebugProtocol.SetVariableResponse['body']>('setVariable', { variablesReference: discount.variablesReference, name: 'amount', value: '0.5 + 0.5' })).value
          seen.hover = await client.evaluate('numbers.push(1)', { frameId: top.id, context: 'hover' }).then(result => result.result, (error: Error) => `refused: ${error.message.split('\n')[0]}`)
          seen.watch = (await client.evaluate('numbers.length + discount.amount + free', { frameId: top.id, context: 'watch' })).result
          seen.global = (await client.evaluate('typeof process.pid', { context: 'repl' })).result
          seen.loaded = (await client.request<DebugProtocol.LoadedSourcesResponse['body']>('loadedSources')).sources.map(source => source.path?.slice(root.length + 1)).filter(path => path === 'tests/inspect.test.ts' || path === 'src/pricing.ts').sort()
          await client.continue(threadId)
          // The next test spins without yielding; the gateway still reaches it, and `pause` stops it where it runs.
          await waitFor('the spinning test', async () => (await client.session(threadId)).sessions[0]?.name === 'spins', 20_000)
          await client.pause(threadId)
          const paused = await client.waitForStop()
          seen.pause = `${paused.reason} ${where((await client.stackTrace(threadId, { levels: 1 })).stackFrames[0])}`
          const spinStack = (await client.stackTrace(threadId)).stackFrames
          const internal = spinStack.find(frame => (frame.source?.sourceReference ?? 0) > 0)
          seen.source = internal ? `${internal.name}: ${(await client.request<DebugProtocol.SourceResponse['body']>('source', { source: internal.source, sourceReference: internal.source!.sourceReference })).content.includes('function') ? 'has its code' : 'empty'}` : 'no frame without a file'
          await client.evaluate('spin.until = 0', { frameId: (await client.stackTrace(threadId, { levels: 1 })).stackFrames[0]!.id, context: 'repl' })
          await client.continue(threadId)
          // A request for a thread that has exited gets an answer that says so (before the run ends and the gateway closes).
          await exited
          seen.exitedThread = await client.stackTrace(threadId).then(() => 'answered', (error: Error) => error.message)
          seen.terminated = await Promise.race([terminated.then(() => true), new Promise(resolve => setTimeout(() => resolve('no terminated event within 20 s'), 20_000))])
          seen.output = output.filter(text => text.startsWith('inspecting'))
          await client.close()
        })().catch((error: Error) => {
          seen.error = error.stack
        })
      },
    })
    await client
    expect(seen.error, run.output).toBeUndefined()
    expect(seen).toEqual({
      terminated: true,
      first: `tests/inspect.test.ts:${stepLine}`,
      steppedIn: `src/pricing.ts:${helperLine}`,
      steppedOut: `tests/inspect.test.ts:${inspectLine}`,
      exceptionInfo: expect.stringMatching(/^thread \d+ is not stopped on an exception$/),
      paging: { reason: 'step', first: 2, totalIsTheWholeStack: true, nextPageFollows: true },
      source: 'emit: has its code',
      numbers: { indexed: 250, slice: ['200=400', '201=402', '202=404'] },
      getters: { balance: '(...) lazy=true → "<the getter threw: Error: balance is not loaded>"', currency: '(...) lazy=true → "EUR"' },
      setScope: '1',
      setProperty: '1',
      hover: expect.stringMatching(/^refused: /),
      watch: '252',
      global: '"number"',
      loaded: ['src/pricing.ts', 'tests/inspect.test.ts'],
      // Wherever in the loop the pause lands.
      pause: expect.stringMatching(new RegExp(`^pause tests/inspect\\.test\\.ts:(${spinLine - 1}|${spinLine})$`)),
      output: ['inspecting 250 Ada\n'],
      exitedThread: expect.stringMatching(/^thread \d+ does not exist \(any more\): its worker has ended its file or exited$/),
    })
    expect(run.exitCode, run.output).toBe(0)
    expect(run.report().summary).toMatchObject({ tests: 2, passed: 2 })
    expect(run.stdout).toMatch(new RegExp(`^DAP gateway 127\\.0\\.0\\.1:${dapPort} `, 'm'))
  })

  test('a client that goes away while a thread is stopped lets the run go on, and a run with the gateway but no client waits for nothing', async () => {
    rmSync(join(root, '.vitest-async-debug/servers.json'), { force: true })
    const seen: Record<string, unknown> = {}
    const run = await runVitest(root, ['--pool', pool, 'tests/inspect.test.ts'], {
      env: { DEBUG_BASE_PORT: String(basePort), DAP_PORT: String(dapPort), DAP_WAIT: '1' },
      onStart: () => {
        void (async () => {
          const client = await connect()
          await client.attach({ breakpoints: { [inspectFile]: [inspectLine] } })
          seen.stop = (await client.waitForStop()).reason
          // Gone without a word, mid-pause: the socket just closes.
          ;(client as unknown as { connection: { close: () => void } }).connection.close()
        })().catch((error: Error) => {
          seen.error = error.stack
        })
      },
    })
    expect(seen).toEqual({ stop: 'breakpoint' })
    expect(run.exitCode, run.output).toBe(0)
    expect(run.report().summary).toMatchObject({ tests: 2, passed: 2 })

    const alone = await runVitest(root, ['--pool', pool, 'tests/inspect.test.ts', 'tests/later.test.ts'], { env: { DEBUG_BASE_PORT: String(basePort), DAP_PORT: String(dapPort) }, killAfterMs: 60_000 })
    expect(alone.timedOut).toBe(false)
    expect(alone.exitCode, alone.output).toBe(0)
    expect(alone.output).not.toContain('Debugger attached.')
    expect(alone.report().debugServers.dap).toEqual({ host: '127.0.0.1', port: dapPort })
  })

  // A forked worker is killed outright; a worker thread cannot end that way (Vitest turns `process.exit` into an error, and a signal would end Vitest itself).
  test.skipIf(pool === 'threads')('a worker that dies in the middle of a request gets its client an error, and the gateway keeps serving', async () => {
    rmSync(join(root, '.vitest-async-debug/servers.json'), { force: true })
    const laterLine = lineOf(root, 'tests/later.test.ts', '// the later line')
    const seen: Record<string, unknown> = {}
    const run = await runVitest(root, ['--pool', pool, 'tests/later.test.ts'], {
      env: { DEBUG_BASE_PORT: String(basePort), DAP_PORT: String(dapPort), DAP_WAIT: '1' },
      onStart: () => {
        void (async () => {
          const client = await connect()
          await client.attach({ breakpoints: { [join(root, 'tests/later.test.ts')]: [laterLine] } })
          const stop = await client.waitForStop()
          const [frame] = (await client.stackTrace(stop.threadId!, { levels: 1 })).stackFrames
          let terminated = false
          client.on('terminated', () => { terminated = true })
          const exited = new Promise(resolve => client.on('thread', body => body.reason === 'exited' && body.threadId === stop.threadId && resolve('exited')))
          seen.exit = await client.evaluate('process.kill(process.pid, \'SIGKILL\')', { frameId: frame!.id, context: 'repl' }).then(() => 'answered', (error: Error) => `error: ${error.message}`)
          seen.threadEvent = await exited
          // With its only file's worker gone the run ends, and the gateway with it: after saying so, it may close first.
          seen.threadsAfter = await waitFor('the thread to go', async () => (await client.threads()).every(thread => thread.id !== stop.threadId) && 'the thread is gone', 10_000)
            .catch((error: Error) => terminated ? 'the thread is gone' : error.message)
          await client.close()
        })().catch((error: Error) => {
          seen.error = error.stack
        })
      },
    })
    expect(seen).toEqual({
      exit: expect.stringMatching(/^error: .*(inspector connection closed|does not exist)/),
      threadEvent: 'exited',
      threadsAfter: 'the thread is gone',
    })
    expect(run.exitCode, run.output).toBe(1)
    expect(run.hasReport()).toBe(true)
    run.report()
  })

  test('the uncaught filter stops where an error is thrown that nothing catches, with the error in the stop and in exceptionInfo', async () => {
    rmSync(join(root, '.vitest-async-debug/servers.json'), { force: true })
    const throwLine = lineOf(root, 'tests/uncaught.test.ts', '// the throw line')
    const seen: Record<string, unknown> = {}
    let client: Promise<void> = Promise.resolve()
    const run = await runVitest(root, ['--pool', pool, 'tests/uncaught.test.ts'], {
      env: { DEBUG_BASE_PORT: String(basePort), DAP_PORT: String(dapPort), DAP_WAIT: '1' },
      onStart: () => {
        client = (async () => {
          const client = await connect()
          await client.attach({ exceptionFilters: ['uncaught'] })
          const stop = await client.waitForStop()
          const [frame] = (await client.stackTrace(stop.threadId!, { levels: 1 })).stackFrames
          const info = await client.request<DebugProtocol.ExceptionInfoResponse['body']>('exceptionInfo', { threadId: stop.threadId })
          seen.stop = { reason: stop.reason, text: stop.text, at: where(frame), exceptionId: info.exceptionId, description: info.description }
          await client.continue(stop.threadId!)
          await client.close()
        })().catch((error: Error) => {
          seen.error = error.stack
        })
      },
    })
    await client
    expect(seen).toEqual({
      stop: { reason: 'exception', text: 'Error: nobody catches this', at: `tests/uncaught.test.ts:${throwLine}`, exceptionId: 'Error', description: 'Error: nobody catches this' },
    })
    // Vitest reports the error as it would without a debugger.
    expect(run.exitCode, run.output).toBe(1)
    expect(run.output).toContain('Error: nobody catches this')
  })
})

