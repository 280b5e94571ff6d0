// `npm run demo:dap`: runs the bundled example with the DAP gateway, and a small DebugClient script that
// stops where each test fails, prints the locals and the test's pending operations, and lets it go on.
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DebugClient } from 'vitest-async-debug/client'

const exampleRoot = fileURLToPath(new URL('../examples/orders', import.meta.url))
const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url))
const colors = process.stdout.isTTY && !process.env.NO_COLOR
const say = line => console.log(`${colors ? '\x1B[35m[DebugClient]\x1B[0m' : '[DebugClient]'} ${line}`)

rmSync(`${exampleRoot}/.vitest-async-debug/servers.json`, { force: true })
console.log(`Running the example (${relative(process.cwd(), exampleRoot)}) with the DAP gateway; test files wait until the client below has attached…\n`)
// CI would switch the failed-test stops off for the run's own --debug-on-fail; the client asks for them itself.
const run = spawn(process.execPath, [cli, 'run', '--root', exampleRoot, '--dap', '--dap-wait'], { stdio: 'inherit' })
const exited = new Promise(resolve => run.on('close', code => resolve(code)))

const client = await DebugClient.connect({ root: exampleRoot, timeoutMs: 60_000 })
let terminated = false
client.on('terminated', () => {
  terminated = true
})
await client.attach({ exceptionFilters: ['failed-test'] })
say(`attached; threads: ${(await client.threads()).map(thread => thread.name).join(', ') || '(none yet)'}`)

const relativePath = path => path ? relative(exampleRoot, path) : '?'
for (;;) {
  // The gateway closes the connection when the run ends: no more stops.
  const stop = await Promise.race([client.waitForStop(120_000).catch(() => null), exited.then(() => null)])
  if (!stop || terminated) {
    break
  }
  const thread = (await client.threads()).find(candidate => candidate.id === stop.threadId)
  const [top] = (await client.stackTrace(stop.threadId, { levels: 1 })).stackFrames
  say(`stopped (${stop.reason}) in ${thread?.name}: ${stop.text ?? stop.description}`)
  say(`  at ${top.name} (${relativePath(top.source?.path)}:${top.line})`)
  for (const scope of (await client.scopes(top.id)).filter(scope => scope.presentationHint === 'locals')) {
    for (const variable of await client.variables(scope.variablesReference)) {
      say(`  ${scope.name.toLowerCase()} ${variable.name} = ${variable.value}`)
    }
  }
  const { sessions } = await client.session(stop.threadId)
  for (const session of sessions) {
    say(`  test "${session.fullName}" (attempt ${session.attempt}, running ${session.elapsedMs} ms) is waiting on ${session.pending.length} operation(s)${session.pending.length > 0 ? ':' : ''}`)
    for (const operation of session.pending) {
      say(`    ${operation.description}`)
    }
  }
  await client.continue(stop.threadId)
  say('  continued')
}
await client.close()
const code = await exited
say(`the run ended; Vitest exited with code ${code}`)
