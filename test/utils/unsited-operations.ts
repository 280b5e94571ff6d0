/**
 * Operation records in a report whose creation site is unknown ("site not captured"), other than promises
 * (a promise's record may stand for work the report has no stack for). Every handle in the fixtures is
 * made by user code, directly or through Node on its behalf, so each must carry a site.
 */
export function unsitedHandles(report: unknown): string[] {
  const found: string[] = []
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      node.forEach((child, index) => visit(child, `${path}[${index}]`))
      return
    }
    if (node === null || typeof node !== 'object') {
      return
    }
    const record = node as Record<string, unknown>
    if ('kind' in record && 'type' in record && 'site' in record && record.site === null && record.kind !== 'promise') {
      found.push(`${path}: ${String(record.kind)} (${String(record.type)})`)
    }
    for (const [key, child] of Object.entries(record)) {
      visit(child, `${path}.${key}`)
    }
  }
  visit(report, 'report')
  return found
}
