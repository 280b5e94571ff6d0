import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { expect, onTestFinished, test } from 'vitest'
import { checkPorts } from '../../src/cli/doctor/checks/ports.js'

/** A separate node process listening on a free port, as another program holding a port would. */
async function portHeldByAnotherProcess(): Promise<{ port: number, child: ChildProcess }> {
  const child = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(0, '127.0.0.1', function () { console.log(this.address().port) })`], { stdio: ['ignore', 'pipe', 'inherit'] })
  onTestFinished(() => {
    child.kill()
  })
  const [chunk] = await once(child.stdout!, 'data') as [Buffer]
  return { port: Number(chunk.toString().trim()), child }
}

test('a preferred port in use warns and names the process that listens on it (Linux); once free, it passes', async () => {
  const { port, child } = await portHeldByAnotherProcess()
  const plan = { what: 'DAP gateway, --dap', host: '127.0.0.1', ports: [port], fix: 'another port: --dap=<port>' }
  const check = await checkPorts([plan])
  expect(check.status).toBe('warn')
  // The command line is cut at 80 characters: a Node binary in a deep folder leaves only its path.
  const commandLine = `${process.execPath} -e require('node:net')`
  const owner = process.platform === 'linux' ? ` by pid ${child.pid} (${commandLine.length > 77 ? `${commandLine.slice(0, 77)}...` : commandLine}` : ': '
  expect(check.detail).toContain(`127.0.0.1:${port} (DAP gateway, --dap) is in use${owner}`)
  expect(check.detail).toMatch(/: the server takes any free port instead, so its address changes from run to run \(servers\.json and the printed lines give it\)$/)
  expect(check.fix).toBe('Free the port, or choose another port: --dap=<port>.')

  child.kill()
  await once(child, 'exit')
  expect(await checkPorts([plan])).toMatchObject({ status: 'pass', detail: `free: 127.0.0.1:${port} (DAP gateway, --dap)` })
})
