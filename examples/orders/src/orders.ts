import { writeAuditEntry } from './audit-log.js'

export interface Order {
  id: number
  userId?: string
  email?: string
  items: string[]
}

const orders: Order[] = []

export async function saveOrder(order: Omit<Order, 'id'>): Promise<Order> {
  const saved = { ...order, id: orders.length + 1 }
  orders.push(saved)
  // Bug: the audit write is not awaited, so its failure surfaces later, during another test.
  void writeAuditEntry('save-order', order.userId)
  return saved
}

export async function listRecentOrders(): Promise<Order[]> {
  await new Promise(resolve => setTimeout(resolve, 600))
  return orders.slice(-10)
}
