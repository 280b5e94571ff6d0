import type { HubMessage } from '../../src/shared/debug-server.js'
import { afterEach, expect, test } from 'vitest'
import { WebSocket } from 'ws'
import { HubServer } from '../../src/hub/hub-server.js'
import { HUB_TOKEN_HEADER } from '../../src/shared/constants.js'

let hub: HubServer | null = null
afterEach(async () => {
  await hub?.close()
})

function connect(url: string, headers: Record<string, string>): Promise<{ socket: WebSocket | null, status: number | null }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers })
    socket.once('open', () => resolve({ socket, status: null }))
    socket.once('unexpected-response', (_request, response) => resolve({ socket: null, status: response.statusCode ?? null }))
    socket.once('error', () => resolve({ socket: null, status: -1 }))
  })
}

test('the hub takes messages only from connections that carry the run token and a loopback Host', async () => {
  const received: [number, HubMessage][] = []
  const closed: number[] = []
  hub = new HubServer({ message: (connection, message) => received.push([connection, message]), closed: connection => closed.push(connection) })
  const address = await hub.listen()
  expect(address.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/)

  expect((await connect(address.url, {})).status).toBe(403)
  expect((await connect(address.url, { [HUB_TOKEN_HEADER]: `${address.token}x` })).status).toBe(403)
  expect((await connect(address.url, { [HUB_TOKEN_HEADER]: address.token, host: 'attacker.example:80' })).status).toBe(403)

  const { socket } = await connect(address.url, { [HUB_TOKEN_HEADER]: address.token })
  socket?.send(JSON.stringify({ type: 'state', state: 'paused' }))
  socket?.send('not json')
  socket?.send(JSON.stringify({ type: 'launch-missiles' }))
  socket?.close()
  await expect.poll(() => closed).toEqual([1])
  expect(received).toEqual([[1, { type: 'state', state: 'paused' }]])
})
