import type { AddressInfo, Socket } from 'node:net'
import { createServer } from 'node:net'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { fetchShippingQuote } from '../src/shipping.js'

// A shipping service that accepts connections and never answers, like a hung dependency.
const connections = new Set<Socket>()
const shippingService = createServer(socket => connections.add(socket))

beforeAll(() => new Promise<void>(resolve => shippingService.listen(0, '127.0.0.1', resolve)))

afterAll(() => {
  connections.forEach(socket => socket.destroy())
  shippingService.close()
})

test('quotes shipping for a postcode', async () => {
  const { port } = shippingService.address() as AddressInfo
  expect(await fetchShippingQuote(port, '10115')).toBeGreaterThan(0)
}, 500)
