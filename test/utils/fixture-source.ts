import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The 1-based line of the one line of a fixture file that contains `text`, so tests assert source lines without magic numbers. */
export function lineOf(root: string, file: string, text: string): number {
  const lines = readFileSync(join(root, file), 'utf8').split('\n')
  const found = lines.flatMap((line, index) => (line.includes(text) ? [index + 1] : []))
  if (found.length !== 1) {
    throw new Error(`expected one line with ${JSON.stringify(text)} in ${file}, found ${found.length}`)
  }
  return found[0]!
}
