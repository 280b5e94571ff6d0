/** A DAP `hitCondition` as a test on the hit count: `5` or `== 5`, `> 5`, `>= 5`, `< 5`, `<= 5`, `% 5`. */
export type HitTest = (hits: number) => boolean

const forms: Record<string, (hits: number, n: number) => boolean> = {
  '==': (hits, n) => hits === n,
  '=': (hits, n) => hits === n,
  '>': (hits, n) => hits > n,
  '>=': (hits, n) => hits >= n,
  '<': (hits, n) => hits < n,
  '<=': (hits, n) => hits <= n,
  '%': (hits, n) => n > 0 && hits % n === 0,
}

/** The test, or a message saying what is wrong with the condition. */
export function parseHitCondition(text: string): HitTest | string {
  const match = /^\s*(==|=|>=|>|<=|<|%)?\s*(\d+)\s*$/.exec(text)
  if (!match) {
    return `hit condition "${text}" is not understood: write a number (stop on that hit) or one of "== 3", "> 3", ">= 3", "< 3", "<= 3", "% 3" (every third hit)`
  }
  const n = Number(match[2])
  const compare = forms[match[1] ?? '==']!
  return hits => compare(hits, n)
}
