import type { ServersFile } from '../../src/debug/server-registry.js'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { CdpClient } from '../../src/protocol/cdp/cdp-client.js'
import { fixtureProject, runVitest } from '../utils/run-vitest.js'

const root = fixtureProject('debug-servers')
const serversFile = join(root, '.vitest-async-debug/servers.json')

function readServers(): ServersFile | null {
  try {
    return JSON.parse(readFileSync(serversFile, 'utf8')) as ServersFile
  }
  catch {
    return null
  }
}

async function waitForServers(count: number): Promise<ServersFile['servers']> {
  const deadline = Date.now() + 30_000
  for (;;) {
    const servers = readServers()?.servers.filter(server => server.state === 'listening' && server.test !== null) ?? []
    if (servers.length >= count) {
      return servers
    }
    if (Date.now() > deadline) {
      throw new Error(`servers.json did not list ${count} busy workers: ${JSON.stringify(readServers())}`)
    }
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

describe.each([['forks', 19_400], ['threads', 19_450]] as const)('pool %s', (pool, basePort) => {
  test('each worker opens its own inspector on basePort + pool id, published in servers.json and printed once per worker', async () => {
    const releaseFile = join(root, `.release-${pool}`)
    rmSync(releaseFile, { force: true })
    rmSync(serversFile, { force: true })
    let probes: { poolId: number, port: number, evaluatedPoolId: unknown, evaluatedPid: unknown, pid: number, listed: boolean }[] = []
    const run = await runVitest(root, ['--pool', pool, '--maxWorkers', '2'], {
      env: { DEBUG_BASE_PORT: String(basePort), RELEASE_FILE: releaseFile },
      onStart: () => {
        void (async () => {
          try {
            const servers = await waitForServers(2)
            probes = await Promise.all(servers.map(async (server) => {
              const list = await (await fetch(`http://${server.host}:${server.port}/json/list`)).json() as { webSocketDebuggerUrl: string }[]
              const client = await CdpClient.connect(server.webSocketUrl)
              const evaluatedPoolId = await client.evaluate('process.env.VITEST_POOL_ID')
              const evaluatedPid = await client.evaluate('process.pid')
              await client.close()
              return { poolId: server.poolId, port: server.port, evaluatedPoolId, evaluatedPid, pid: server.pid, listed: list.some(target => target.webSocketDebuggerUrl === server.webSocketUrl) }
            }))
          }
          finally {
            writeFileSync(releaseFile, '')
          }
        })()
      },
    })
    rmSync(releaseFile, { force: true })
    expect(run.exitCode, run.output).toBe(0)
    expect(probes.sort((a, b) => a.poolId - b.poolId)).toEqual([
      { poolId: 1, port: basePort + 1, evaluatedPoolId: '1', evaluatedPid: probes[0]?.pid, pid: expect.any(Number), listed: true },
      { poolId: 2, port: basePort + 2, evaluatedPoolId: '2', evaluatedPid: probes[1]?.pid, pid: expect.any(Number), listed: true },
    ])
    const lines = run.stdout.split('\n').filter(line => line.startsWith('debug server')).sort()
    expect(lines).toEqual([
      `debug server 127.0.0.1:${basePort + 1} ${pool} worker 1  current WebSocket URLs: .vitest-async-debug/servers.json`,
      `debug server 127.0.0.1:${basePort + 2} ${pool} worker 2  current WebSocket URLs: .vitest-async-debug/servers.json`,
    ])
    expect(run.output).not.toContain('Debugger listening on')
    expect(run.report().debugServers.workers.map(server => ({ poolId: server.poolId, pool: server.pool, port: server.port, webSocketUrl: server.webSocketUrl.startsWith(`ws://127.0.0.1:${server.port}/`) }))).toEqual([
      { poolId: 1, pool, port: basePort + 1, webSocketUrl: true },
      { poolId: 2, pool, port: basePort + 2, webSocketUrl: true },
    ])
    const final = readServers()
    expect(final?.servers.map(server => ({ poolId: server.poolId, pool: server.pool, state: server.state, test: server.test }))).toEqual([
      { poolId: 1, pool, state: 'closed', test: null },
      { poolId: 2, pool, state: 'closed', test: null },
    ])
  })
})

test('a worker whose preferred port is taken listens on another free port and says so', async () => {
  const basePort = 19_500
  const blocker = createServer()
  await new Promise<void>(resolve => blocker.listen(basePort + 1, '127.0.0.1', resolve))
  try {
    rmSync(serversFile, { force: true })
    const run = await runVitest(root, ['--maxWorkers', '1'], { env: { DEBUG_BASE_PORT: String(basePort) } })
    expect(run.exitCode, run.output).toBe(0)
    const [server] = readServers()?.servers ?? []
    expect(server).toMatchObject({ poolId: 1, preferredPort: false })
    expect(server?.port).not.toBe(basePort + 1)
    expect(run.stdout).toContain(`debug server 127.0.0.1:${server?.port} (preferred port taken) forks worker 1  current WebSocket URLs: .vitest-async-debug/servers.json`)
  }
  finally {
    blocker.close()
  }
  expect(existsSync(serversFile)).toBe(true)
})

describe.each([['forks', 19_520], ['threads', 19_540]] as const)('pool %s', (pool, basePort) => {
  test('a debugger left attached does not keep a worker, or the run, from ending', async () => {
    const releaseFile = join(root, `.release-attached-${pool}`)
    rmSync(releaseFile, { force: true })
    rmSync(serversFile, { force: true })
    const clients: CdpClient[] = []
    const started = Date.now()
    const run = await runVitest(root, ['--pool', pool, '--maxWorkers', '2'], {
      env: { DEBUG_BASE_PORT: String(basePort), RELEASE_FILE: releaseFile },
      onStart: () => {
        void (async () => {
          try {
            for (const server of await waitForServers(2)) {
              const client = await CdpClient.connect(server.webSocketUrl)
              await client.send('Debugger.enable')
              clients.push(client)
            }
          }
          finally {
            writeFileSync(releaseFile, '')
          }
        })()
      },
    })
    rmSync(releaseFile, { force: true })
    expect(clients).toHaveLength(2)
    expect(run.exitCode, run.output).toBe(0)
    expect(Date.now() - started).toBeLessThan(20_000)
    await Promise.all(clients.map(client => client.close()))
  })
})

test.each([['threads', '--no-isolate'], ['vmThreads', '--isolate']] as const)('a reused %s worker (%s) opens its server again for each file, on the same port', async (pool, isolation) => {
  const basePort = 19_560
  rmSync(serversFile, { force: true })
  const run = await runVitest(root, ['--pool', pool, isolation, '--maxWorkers', '1'], { env: { DEBUG_BASE_PORT: String(basePort) } })
  expect(run.exitCode, run.output).toBe(0)
  expect(run.stdout.split('\n').filter(line => line.startsWith('debug server'))).toEqual([
    `debug server 127.0.0.1:${basePort + 1} ${pool} worker 1  current WebSocket URLs: .vitest-async-debug/servers.json`,
  ])
  expect(readServers()?.servers.map(server => ({ port: server.port, state: server.state }))).toEqual([{ port: basePort + 1, state: 'closed' }])
})
