import { connect } from 'node:net'
import { expect, test } from 'vitest'
import { MonitorServer } from '../../src/dashboard/server/monitor-server.js'

test('the monitor server takes JSON lines after the token; a wrong token or an overlong line closes the connection', async () => {
  const received: string[] = []
  const server = new MonitorServer({ message: (connection, message) => received.push(`${connection}:${message.type}`), closed: connection => received.push(`${connection}:closed`) })
  const address = await server.listen()
  const talk = (lines: string): Promise<void> => new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: address.port }, () => socket.end(lines))
    socket.on('close', () => resolve())
  })
  await talk(`${address.token}\n{"type":"hello","worker":{}}\n{"type":"nonsense"}\nnot json\n{"type":"sample","sample":{},"file":null}\n`)
  await talk(`wrong-token\n{"type":"hello","worker":{}}\n`)
  await talk(`${address.token}\n${'x'.repeat(70_000)}`)
  await new Promise(resolve => setTimeout(resolve, 50))
  await server.close()
  expect(received).toEqual(['1:hello', '1:sample', '1:closed', '3:closed'])
})
