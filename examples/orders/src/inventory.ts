const stock = new Map<string, number>([['tea', 3], ['coffee', 0]])

/** Polls the warehouse for a product's stock level and reports every change. */
export function watchStock(product: string, onChange: (level: number) => void): void {
  let last = -1
  // Bug: nothing ever clears this interval, so it keeps polling after the test that started it.
  setInterval(() => {
    const level = stock.get(product) ?? 0
    if (level !== last) {
      last = level
      onChange(level)
    }
  }, 25)
}

export async function reserve(product: string): Promise<boolean> {
  await new Promise(resolve => setTimeout(resolve, 150))
  const level = stock.get(product) ?? 0
  if (level === 0) {
    return false
  }
  stock.set(product, level - 1)
  return true
}
