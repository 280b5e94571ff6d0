import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { connect, createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { waitFor } from '../utils/dap.js'
import { fixtureProject, runVitest, writeProject } from '../utils/run-vitest.js'
import { followDashboard } from '../utils/sse.js'
import { cliPath } from '../utils/stack.js'

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

const count = (text: string, pattern: RegExp): number => text.match(new RegExp(pattern, 'g'))?.length ?? 0
const dashboardLine = /dashboard http:\/\/127\.0\.0\.1:\d+\/\?token=/
const gatewayLine = /DAP gateway 127\.0\.0\.1:\d+/

test('run starts the DAP gateway and the dashboard, prints each address once; Ctrl+C closes both and still writes both reports', async () => {
  const root = fixtureProject('dashboard')
  const releaseFile = join(tmpdir(), `vitest-async-debug-never-released-${process.pid}`)
  rmSync(releaseFile, { force: true })
  const [dashboardPort, dapPort] = [19_940, 19_941]
  const run = await runVitest(root, [`--dashboard=${dashboardPort}`, `--dap=${dapPort}`], {
    command: [cliPath, 'run'],
    env: { RELEASE_FILE: releaseFile },
    onStart: (child, { output }) => {
      void (async () => {
        const url = await waitFor('the dashboard URL', () => /dashboard (http:\S+)/.exec(output())?.[1])
        const live = await followDashboard(url)
        await waitFor('the slow test running', () => live.data?.running.some(test => test.name === 'waits for the release file'))
        live.close()
        process.kill(-child.pid!, 'SIGINT')
      })()
    },
  })
  expect(run.timedOut).toBe(false)
  expect(count(run.output, dashboardLine)).toBe(1)
  expect(count(run.output, gatewayLine)).toBe(1)
  expect(run.output.indexOf('DAP gateway')).toBeLessThan(run.output.indexOf('dashboard http'))
  expect(run.report().run).toMatchObject({ status: 'interrupted', complete: false, endedEarly: { reason: 'signal', detail: 'the run was stopped by SIGINT (Ctrl+C) before it finished' } })
  expect(run.output).toContain('vitest-async-debug HTML report written to')
  expect(existsSync(join(root, '.vitest-async-debug/report.html'))).toBe(true)
  expect([await accepts(dashboardPort), await accepts(dapPort)]).toEqual([false, false])
})

test('watch keeps the dashboard and the gateway up across re-runs, each address printed once', async () => {
  const root = writeProject({
    'vitest.config.ts': `import { defineConfig } from 'vitest/config'\nimport asyncDebug from 'vitest-async-debug'\nexport default defineConfig({ plugins: [asyncDebug({ timeoutReruns: 0 })] })\n`,
    'tests/value.test.ts': `import { expect, test } from 'vitest'\ntest('has the right value', () => { expect(1).toBe(1) })\n`,
  })
  const [dashboardPort, dapPort] = [19_950, 19_951]
  const seen: Record<string, unknown> = {}
  const run = await runVitest(root, [`--dashboard=${dashboardPort}`, `--dap=${dapPort}`], {
    command: [cliPath, 'watch'],
    killAfterMs: 60_000,
    onStart: (child, { output }) => {
      void (async () => {
        try {
          await waitFor('the first run\'s report', () => count(output(), /vitest-async-debug report written to/) === 1)
          // The file watcher may not be ready yet when the first run ends: change the file until it re-runs.
          let change = 0
          await waitFor('the re-run\'s report', () => {
            if (change++ % 40 === 0) {
              writeFileSync(join(root, 'tests/value.test.ts'), `import { expect, test } from 'vitest'\ntest('has the right value', () => { expect(${change}).toBe(0) })\n`)
            }
            return count(output(), /vitest-async-debug report written to/) === 2
          })
          seen.upAfterRerun = [await accepts(dashboardPort), await accepts(dapPort)]
        }
        finally {
          process.kill(-child.pid!, 'SIGTERM')
        }
      })()
    },
  })
  expect(seen).toEqual({ upAfterRerun: [true, true] })
  expect(count(run.output, dashboardLine)).toBe(1)
  expect(count(run.output, gatewayLine)).toBe(1)
  expect(run.output).toContain('1 failed')
})

function holdPort(): Promise<{ server: Server, port: number }> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }))
  })
}

test('ports in use: the gateway and the dashboard say which port was taken and where they listen instead; the run goes on', async () => {
  const root = writeProject({
    'vitest.config.ts': `import { defineConfig } from 'vitest/config'\nimport asyncDebug from 'vitest-async-debug'\nexport default defineConfig({ plugins: [asyncDebug()] })\n`,
    'tests/value.test.ts': `import { expect, test } from 'vitest'\ntest('has the right value', () => { expect(1).toBe(1) })\n`,
  })
  const held = [await holdPort(), await holdPort()]
  try {
    const [dap, dashboard] = held.map(({ port }) => port)
    const run = await runVitest(root, [`--dap=${dap}`, `--dashboard=${dashboard}`], { command: [cliPath, 'run'] })
    expect(run.exitCode).toBe(0)
    const gatewayPort = Number(new RegExp(`DAP gateway 127\\.0\\.0\\.1:(\\d+) \\(port ${dap} was taken\\)`).exec(run.output)?.[1])
    const dashboardPort = Number(new RegExp(`dashboard http://127\\.0\\.0\\.1:(\\d+)/\\?token=\\S+ \\(port ${dashboard} was taken\\)`).exec(run.output)?.[1])
    expect([gatewayPort > 0 && gatewayPort !== dap, dashboardPort > 0 && dashboardPort !== dashboard]).toEqual([true, true])
    expect(run.report().summary).toMatchObject({ tests: 1, passed: 1 })
  }
  finally {
    held.forEach(({ server }) => server.close())
  }
})
