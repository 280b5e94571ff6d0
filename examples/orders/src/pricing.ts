export interface LineItem {
  price: number
  quantity: number
}

/** 10% off orders of 50 or more. Bug: the discount is taken off the unit prices, not the total. */
export function orderTotal(items: LineItem[]): number {
  const subtotal = items.reduce((sum, item) => sum + item.price * item.quantity, 0)
  const discounted = subtotal >= 50 ? items.reduce((sum, item) => sum + item.price * 0.9, 0) : subtotal
  return Math.round(discounted * 100) / 100
}
