const blends = ['tea', 'coffee', 'cocoa', 'mate']

/** The shop's catalog: 600,000 product names: enough that comparing a query with each of them blocks for well over the 200 ms `blocking.warnAt` on a fast machine too. */
export const catalog: string[] = Array.from({ length: 600_000 }, (_, index) => `${blends[index % blends.length]}-${(index * 7919) % 100_003}`)

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }
  return row[b.length]!
}

/** The closest product names to a misspelled query. Bug: it compares the query with every product, synchronously, on each call. */
export function suggestProducts(query: string, count = 3): string[] {
  return catalog
    .map(name => ({ name, distance: editDistance(query, name) }))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, count)
    .map(({ name }) => name)
}
