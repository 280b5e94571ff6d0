import type { Order } from './orders.js'

export function queueConfirmationEmail(order: Order): void {
  // Bug: the check runs in a timer, long after the caller returned.
  setTimeout(() => {
    if (!order.email) {
      throw new TypeError(`order ${order.id} has no email address`)
    }
  }, 150)
}

export async function renderReceipt(order: Order): Promise<string> {
  await new Promise(resolve => setTimeout(resolve, 600))
  return `Receipt #${order.id}: ${order.items.join(', ')}`
}
