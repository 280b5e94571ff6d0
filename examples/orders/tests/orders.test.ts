import { describe, expect, test } from 'vitest'
import { listRecentOrders, saveOrder } from '../src/orders.js'

describe('orders', () => {
  test('saves a guest order', async () => {
    const order = await saveOrder({ items: ['coffee'] })
    expect(order.id).toBeGreaterThan(0)
  })

  test('lists recent orders', async () => {
    const recent = await listRecentOrders()
    expect(recent.length).toBeGreaterThan(0)
  })
})
