import { expect, test } from 'vitest'
import { orderTotal } from '../src/pricing.js'

test('takes 10% off orders of 50 or more', async () => {
  const items = [{ price: 20, quantity: 2 }, { price: 15, quantity: 1 }]
  await new Promise(resolve => setTimeout(resolve, 1))
  const total = orderTotal(items)
  expect(total).toBe(49.5)
})
