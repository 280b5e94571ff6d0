import { expect, test } from 'vitest'
import { queueConfirmationEmail, renderReceipt } from '../src/notifications.js'

test('queues a confirmation email', () => {
  expect(() => queueConfirmationEmail({ id: 7, items: ['tea'] })).not.toThrow()
})

test('renders the receipt', async () => {
  await expect(renderReceipt({ id: 7, items: ['tea'] })).resolves.toBe('Receipt #7: tea')
})
