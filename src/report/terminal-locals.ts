import type { LocalsFrame, LocalsRecord } from '../shared/locals.js'
import type { AsyncDebugReport } from '../shared/report.js'
import pc from 'picocolors'
import { printable } from './terminal-text.js'

function frameHeading(frame: LocalsFrame): string {
  const where = `${frame.site.file}:${frame.site.line}`
  return frame.role === 'test'
    ? `locals at ${where} (the failing line):`
    : `locals at ${where}${frame.site.function ? ` in ${frame.site.function}` : ''} (the project's code it failed in):`
}

/** A failed test's variables under its entry in the block: each frame's heading, then `name = value`. */
export function localsLines(record: LocalsRecord | undefined): string[] {
  if (!record) {
    return []
  }
  const lines = record.frames.flatMap(frame => [
    `   ${pc.cyan('·')} ${printable(frameHeading(frame))}`,
    ...frame.variables.map(variable => `     ${printable(`${variable.name} = ${variable.value}`)}`),
  ])
  if (record.truncated) {
    lines.push(`     ${pc.dim('… cut to stay within 4 kB per test')}`)
  }
  if (record.note) {
    lines.push(`   ${pc.dim(printable(`locals: ${record.note}`))}`)
  }
  return lines
}

/** "locals of 2 failed tests" for the block's title, when any test has them. */
export function localsTitle(report: AsyncDebugReport): string {
  const count = report.tests.filter(test => test.sessions.at(-1)?.locals?.frames.length).length
  return count === 0 ? '' : `locals of ${count} failed test${count === 1 ? '' : 's'}`
}
