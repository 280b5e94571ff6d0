import type { CheckStatus, DoctorCheck, DoctorResult } from './check.js'
import pc from 'picocolors'
import { PLUGIN_NAME } from '../../shared/constants.js'
import { countByStatus } from './check.js'

type Colors = Pick<typeof pc, 'green' | 'yellow' | 'red' | 'bold' | 'dim'>

const marks: Record<CheckStatus, (colors: Colors) => string> = {
  pass: colors => colors.green('✓'),
  warn: colors => colors.yellow('!'),
  fail: colors => colors.red('✗'),
}

function checkLines(check: DoctorCheck, colors: Colors): string[] {
  const [firstLine, ...moreLines] = check.detail.split('\n')
  const lines = [`${marks[check.status](colors)} ${colors.bold(check.title)}: ${firstLine}`, ...moreLines.map(line => `    ${line}`)]
  if (check.fix) {
    const [first, ...rest] = check.fix.split('\n')
    lines.push(`    fix: ${first}`, ...rest.map(line => `         ${line}`))
  }
  return lines
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

/** One line per check (mark, title, reason), its fix indented below; then the counts. */
export function renderText(result: DoctorResult, colors: Colors = pc): string {
  const lines = [`${colors.bold(`${PLUGIN_NAME} doctor`)} ${colors.dim(result.root)}`, '']
  for (const check of result.checks) {
    lines.push(...checkLines(check, colors))
  }
  if (result.notChecked) {
    lines.push(`${colors.dim('-')} Not checked, because ${result.notChecked.because}: ${result.notChecked.titles.join(', ')}`)
  }
  const counts = countByStatus(result.checks)
  const summary = `${counts.pass} passed, ${plural(counts.warn, 'warning')}, ${counts.fail} failed`
  lines.push('', counts.fail > 0 ? colors.red(summary) : counts.warn > 0 ? colors.yellow(summary) : colors.green(summary))
  return `${lines.join('\n')}\n`
}
