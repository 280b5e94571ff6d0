import type { ServersFile } from '../../src/debug/server-registry.js'
import type { DebugServerRecord } from '../../src/shared/debug-server.js'
import { spawn, spawnSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { expect, onTestFinished, test } from 'vitest'
import { CdpClient } from '../../src/protocol/cdp/cdp-client.js'
import { repoRoot, runVitest } from '../utils/run-vitest.js'
import { cliPath, projectUnderTest, vitestBlameLine } from '../utils/stack.js'

test('the bundled example: plain Vitest blames the wrong tests, the report names the right ones', async () => {
  const run = await runVitest(projectUnderTest(join(repoRoot, 'examples/orders')))
  expect(run.exitCode).toBe(1)
  expect(run.output).toContain(vitestBlameLine('lists recent orders'))
  const causes = run.report().unhandledErrors.map(error => [error.message, error.vitestBlamed, error.attribution.status === 'test' && error.attribution.test.fullName])
  expect(causes).toEqual([
    ['order 7 has no email address', 'renders the receipt', 'queues a confirmation email'],
    ['audit entry "save-order" has no userId', 'lists recent orders', 'orders > saves a guest order'],
  ])
  const diagnosis = Object.fromEntries(run.report().tests.map(test => [test.fullName, test.diagnosis.map(entry => entry.kind)]))
  expect(diagnosis).toMatchObject({
    'quotes shipping for a postcode': ['timed-out'],
    'shows the stock level': ['left-running'],
    'reserves an item': ['received-late-activity'],
  })
  // The interval left running then fired in the next test: one finding, on the line that lists it.
  const interval = run.report().tests.find(test => test.name === 'shows the stock level')?.diagnosis[0]
  expect(interval?.lateActivity).toBe(0)
  expect(interval?.message).toMatch(/^Left running after it ended: an interval \(src\/inventory\.ts:7\) that was never cleared, and fired (\d+ times, first )?\d+ ms later, during "reserves an item"\.$/)
  // The search blocks the loop: the watchdog names the function and the line that held the thread.
  const blocked = run.report().tests.find(test => test.name === 'suggests products for a misspelled name')?.diagnosis
  expect(blocked?.map(entry => entry.kind)).toEqual(['blocked-event-loop'])
  expect(blocked?.[0]?.site?.file).toBe('src/catalog.ts')
  expect(blocked?.[0]?.message).toMatch(/^Blocked the event loop for \d+ ms in (a callback in )?(editDistance|suggestProducts) \(src\/catalog\.ts:\d+\)\.$/)
  // The failing assertion shows its locals, in the report and under the test in the terminal block.
  expect(run.report().tests.find(test => test.name === 'takes 10% off orders of 50 or more')?.sessions.at(-1)?.locals?.frames).toEqual([
    { role: 'test', site: expect.objectContaining({ file: 'tests/pricing.test.ts', line: 8 }), variables: [{ name: 'items', value: '[ { price: 20, quantity: 2 }, { price: 15, quantity: 1 } ]' }, { name: 'total', value: '31.5' }] },
  ])
  expect(run.output).toContain('   · locals at tests/pricing.test.ts:8 (the failing line):\n     items = [ { price: 20, quantity: 2 }, { price: 15, quantity: 1 } ]\n     total = 31.5')
  const timeout = run.report().tests.find(test => test.name === 'quotes shipping for a postcode')?.sessions.at(-1)?.timeout
  expect(timeout).toMatchObject({
    capture: 'rerun',
    summary: 'timed out while awaiting fetchShippingQuote() (src/shipping.ts:8), which waits on a socket (src/shipping.ts:5) that never received data',
  })
})

test('npm run demo explains the example and exits 0', () => {
  const demo = spawnSync(process.execPath, [join(repoRoot, 'scripts/demo.mjs')], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
  expect(demo.status).toBe(0)
  const timeless = demo.stdout.replace(/\b\d+ times, first \d+ ms later/g, '<n> times, first <n> ms later').replace(/\b\d+ ms later/g, '<n> ms later')
    // Where the watchdog stops the search differs from run to run: in its loop, or in a callback within it.
    .replace(/Blocked the event loop for \d+ ms in (?:a callback in )?(?:editDistance|suggestProducts) \(src\/catalog\.ts:\d+\)/g, 'Blocked the event loop for <n> ms in <the search> (src/catalog.ts:<line>)')
  expect(timeless).toContain([
    'Vitest exited with code 1. It reported 2 failed tests and 2 unhandled errors, and named the wrong test as the likely cause of both.',
    'vitest-async-debug found:',
    '  Uncaught Exception: order 7 has no email address',
    '    Vitest blamed: "renders the receipt"   caused by: "queues a confirmation email"',
    '  Unhandled Rejection: audit entry "save-order" has no userId',
    '    Vitest blamed: "lists recent orders"   caused by: "orders > saves a guest order"',
    '  "quotes shipping for a postcode": Timed out while awaiting fetchShippingQuote() (src/shipping.ts:8), which waits on a socket (src/shipping.ts:5) that never received data (found by running the test again, alone, with full stack capture). The timeout aborted the test\'s signal, but 1 pending operation did not react to it: a socket (src/shipping.ts:5) that never received data.',
    '  "shows the stock level": Left running after it ended: an interval (src/inventory.ts:7) that was never cleared, and fired <n> times, first <n> ms later, during "reserves an item".',
    '  "queues a confirmation email": Left running after it ended: a timer (src/notifications.ts:5) that had not fired, and fired <n> ms later, during "renders the receipt".',
    '  "orders > saves a guest order": Left running after it ended: a timer (src/audit-log.ts:4) that had not fired, and fired <n> ms later, during "orders > lists recent orders".',
    '  "suggests products for a misspelled name": Blocked the event loop for <n> ms in <the search> (src/catalog.ts:<line>).',
    '  "takes 10% off orders of 50 or more" failed with these locals at tests/pricing.test.ts:8: items = [ { price: 20, quantity: 2 }, { price: 15, quantity: 1 } ], total = 31.5',
    'Report: examples/orders/.vitest-async-debug/report.json (schema valid; schema file: schema/report.schema.json)',
    'HTML report: examples/orders/.vitest-async-debug/report.html (one file: open it in a browser, or keep it as a CI artifact)',
  ].join('\n'))
})

test('on a busy machine the demo says what Vitest printed in the same run', async () => {
  // Two processes keep both cores busy while the demo runs.
  const hogs = [0, 1].map(() => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }))
  onTestFinished(() => hogs.forEach(hog => hog.kill('SIGKILL')))
  const demo = await new Promise<{ status: number | null, stdout: string }>((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, 'scripts/demo.mjs')], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' } })
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk })
    child.stderr.on('data', (chunk: Buffer) => { stdout += chunk })
    child.on('close', status => resolve({ status, stdout }))
  })
  const [vitestOutput, summary] = demo.stdout.split('──── What the demo shows ────')
  const vitestBlamed = [...vitestOutput!.matchAll(/(?:The latest test that might've caused the error is|The last test to run before this error was) "(.+?)"/g)].map(match => match[1])
  const demoBlamed = [...summary!.matchAll(/Vitest blamed: "(.+?)"/g)].map(match => match[1])
  expect(demoBlamed.sort()).toEqual(vitestBlamed.sort())
  const errorCount = /Errors\s+(\d+) errors?/.exec(vitestOutput!)?.[1]
  expect(summary).toContain(`and ${errorCount} unhandled error`)
  // Its sentence about Vitest's blame agrees with the pairs it lists (Vitest names tests without their suites).
  const pairs = [...summary!.matchAll(/Vitest blamed: "(.+?)" {3}caused by: "(.+?)"/g)].map(([, blamed, cause]) => cause === blamed || cause!.endsWith(` > ${blamed}`))
  expect(summary!.includes('named the wrong test')).toBe(pairs.includes(false))
  expect(summary!.includes('named the right test')).toBe(pairs.includes(true))
  expect(demo.status, demo.stdout).toBe(0)
}, 120_000)

test('the example under `vitest-async-debug run --debug-on-fail`: the failing assertion and the timeout pause in turn; a debugger lands on the failing line with its locals, resumes, and the run finishes', async () => {
  const root = projectUnderTest(join(repoRoot, 'examples/orders'))
  const serversFile = join(root, '.vitest-async-debug/servers.json')
  rmSync(serversFile, { force: true })
  const visits: Record<string, unknown>[] = []
  const run = await runVitest(root, [], {
    command: [cliPath, 'run', '--debug-on-fail'],
    onStart: () => {
      void (async () => {
        const pending = ['takes 10% off orders of 50 or more', 'quotes shipping for a postcode']
        while (pending.length > 0) {
          const server = await waitForPause(serversFile, pending)
          const expected = server.pause!.test.name
          pending.splice(pending.indexOf(expected), 1)
          const cdp = await CdpClient.connect(server.webSocketUrl)
          const scripts = new Map<string, string>()
          cdp.on('Debugger.scriptParsed', script => scripts.set(String(script.scriptId), String(script.url)))
          const paused = cdp.next('Debugger.paused')
          await cdp.send('Debugger.enable')
          await cdp.send('Runtime.runIfWaitingForDebugger')
          const [top] = (await paused as { callFrames: { callFrameId: string, functionName: string, location: { scriptId: string } }[] }).callFrames
          const evaluate = async (expression: string): Promise<unknown> => ((await cdp.send('Debugger.evaluateOnCallFrame', { callFrameId: top!.callFrameId, expression, returnByValue: true })) as { result: { value: unknown } }).result.value
          visits.push({
            test: server.pause?.test.name,
            plan: server.pause?.plan,
            file: scripts.get(top!.location.scriptId)?.split('/').at(-1),
            function: top!.functionName,
            seen: expected.startsWith('takes') ? await evaluate('total') : await evaluate('diagnosis.timeout !== null'),
          })
          await cdp.send('Debugger.resume')
          await cdp.close()
        }
      })()
    },
  })
  expect(visits.sort((a, b) => String(a.test).localeCompare(String(b.test)))).toEqual([
    { test: 'quotes shipping for a postcode', plan: 'context', file: 'worker-runtime.js', function: 'stopNextToFailure', seen: true },
    { test: 'takes 10% off orders of 50 or more', plan: 'rerun', file: 'pricing.test.ts', function: '', seen: 31.5 },
  ])
  expect(run.exitCode, run.output).toBe(1)
  const debugged = run.report().tests.filter(test => test.sessions.at(-1)?.debug).map(test => [test.name, test.sessions.at(-1)?.debug?.released])
  expect(debugged.sort()).toEqual([['quotes shipping for a postcode', 'debugger'], ['takes 10% off orders of 50 or more', 'debugger']])
})

async function waitForPause(serversFile: string, testNames: string[]): Promise<DebugServerRecord> {
  const deadline = Date.now() + 60_000
  for (;;) {
    try {
      const paused = (JSON.parse(readFileSync(serversFile, 'utf8')) as ServersFile).servers.find(server => server.state === 'paused' && testNames.includes(server.pause?.test.name ?? ''))
      if (paused) {
        return paused
      }
    }
    catch {}
    if (Date.now() > deadline) {
      throw new Error(`no pause for ${testNames.join(', ')}`)
    }
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

test('npm run demo:dap stops on the example\'s failing lines through the DAP gateway, with the locals, and the run goes on to its usual end', () => {
  const demo = spawnSync(process.execPath, [join(repoRoot, 'scripts/demo-dap.mjs')], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 150_000 })
  expect(demo.status, demo.stdout + demo.stderr).toBe(0)
  const client = demo.stdout.split('\n').filter(line => line.startsWith('[DebugClient]')).map(line => line.replace(/worker \d+/, 'worker N').replace(/running \d+ ms/, 'running N ms'))
  expect(client).toContain('[DebugClient] stopped (exception) in forks worker N · tests/pricing.test.ts: AssertionError: expected 31.5 to be 49.5 // Object.is equality')
  expect(client).toContain('[DebugClient]   at <anonymous> (tests/pricing.test.ts:8)')
  expect(client).toContain('[DebugClient]   local total = 31.5')
  expect(client).toContain('[DebugClient]   test "takes 10% off orders of 50 or more" (attempt 1, running N ms) is waiting on 0 operation(s)')
  expect(client).toContain('[DebugClient] stopped (exception) in forks worker N · tests/shipping.test.ts: Error: Test timed out in 500ms.')
  // What it says Vitest did is what Vitest did in that run.
  const failedLine = /Tests\s+(\d+) failed/.exec(demo.stdout)
  expect(failedLine?.[1]).toBe('2')
  expect(client.at(-1)).toBe('[DebugClient] the run ended; Vitest exited with code 1')
})
