/** How much of the block the terminal shows; the report keeps everything. */
export const terminalLimits = {
  /** Tests with findings shown before "and N more". */
  tests: 30,
  /** Findings per test (its errors and diagnoses). */
  perTest: 6,
  /** Handles listed per file that ended with them open. */
  perFile: 5,
  /** Errors no test owns. */
  unowned: 10,
  /** Characters of one message. */
  message: 500,
  /** Sites listed in "where most findings come from", when more tests have findings than are shown. */
  commonSites: 5,
} as const

/**
 * Text from a test (its name, an error message) as the terminal may show it: control characters are
 * written out (`\x1b`), so a name cannot clear the screen or recolour the output, and a long message is
 * cut with a count of what was left out.
 */
export function printable(text: string, limit: number = terminalLimits.message): string {
  const escaped = text.replace(/[\x00-\x09\x0B-\x1F\x7F-\x9F]/g, character => `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`)
  if (escaped.length <= limit) {
    return escaped
  }
  return `${escaped.slice(0, limit)}… (${(escaped.length - limit).toLocaleString('en-US')} more characters in the report)`
}

/** The first line of a message, printable. */
export function printableFirstLine(text: string): string {
  return printable(text.split('\n')[0] ?? '')
}
