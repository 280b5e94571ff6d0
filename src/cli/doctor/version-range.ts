type Triple = [number, number, number]

function parseVersion(text: string): Triple | null {
  const match = /^\s*v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?/.exec(text)
  if (!match) {
    return null
  }
  const part = (value: string | undefined): number => value === undefined || value === 'x' || value === '*' ? 0 : Number(value)
  return [Number(match[1]), part(match[2]), part(match[3])]
}

function compare(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]
}

function satisfiesComparator(version: Triple, comparator: string): boolean | null {
  const match = /^(\^|~|>=|<=|>|<|=)?\s*(.+)$/.exec(comparator)
  const bound = match && parseVersion(match[2]!)
  if (!match || !bound) {
    return null
  }
  const order = compare(version, bound)
  switch (match[1]) {
    case '^': return order >= 0 && version[0] === bound[0]
    case '~': return order >= 0 && version[0] === bound[0] && version[1] === bound[1]
    case '>=': return order >= 0
    case '>': return order > 0
    case '<=': return order <= 0
    case '<': return order < 0
    default: return order === 0
  }
}

/**
 * Whether `version` ('v22.12.0', '5.1.2') is in an npm range of the kind `engines` and peer dependencies
 * use: `>=20.19`, `^22.12.0 || ^24.0.0 || >=26.0.0`, `>=20 <21`. Prereleases count as their release.
 * Null when the range has a form this does not read.
 */
export function satisfiesRange(version: string, range: string): boolean | null {
  const parsed = parseVersion(version)
  if (!parsed) {
    return null
  }
  let unreadable = false
  for (const alternative of range.split('||')) {
    const comparators = alternative.trim().split(/\s+/).filter(Boolean)
    const results = comparators.map(comparator => satisfiesComparator(parsed, comparator))
    if (results.includes(null) || results.length === 0) {
      unreadable = true
      continue
    }
    if (results.every(Boolean)) {
      return true
    }
  }
  return unreadable ? null : false
}

/** The major version of 'v24.22.3' or '5.1.2'. */
export function majorOf(version: string): number {
  return parseVersion(version)?.[0] ?? 0
}
