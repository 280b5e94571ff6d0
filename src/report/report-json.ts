import type { AsyncDebugReport } from '../shared/report.js'

/**
 * The report as written: each top-level field on a line, and each test, file, error or late record of the
 * lists on a line of its own. Compact (a clean test is a few hundred bytes), still greppable and diffable,
 * and any JSON tool pretty-prints it.
 */
export function reportJson(report: AsyncDebugReport): string {
  const fields = Object.entries(report).map(([key, value]) => {
    const name = JSON.stringify(key)
    if (!Array.isArray(value) || value.length === 0) {
      return `${name}: ${JSON.stringify(value)}`
    }
    return `${name}: [\n${value.map(item => `  ${JSON.stringify(item)}`).join(',\n')}\n]`
  })
  return `{\n${fields.join(',\n')}\n}\n`
}
