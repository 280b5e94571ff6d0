/** Replaces what changes from run to run (durations, times, pids, ms counts) so output can be snapshotted. */
export function normalizeOutput(text: string): string {
  return text
    .replace(/\d+ ms (after|later)/g, '<n> ms $1')
    .replace(/\d+ times, first/g, '<n> times, first')
    .replace(/\d+(\.\d+)?m?s\b/g, '<time>')
    .replace(/Start at {2}[\d:]+/g, 'Start at  <clock>')
    .replace(/\r/g, '')
}

/** The block vitest-async-debug prints after Vitest's output, normalized. */
export function asyncDebugBlock(output: string): string {
  const start = output.indexOf(' ASYNC DEBUG ')
  return start === -1 ? '' : normalizeOutput(output.slice(start)).trimEnd()
}

/**
 * The lines the ASYNC DEBUG block prints for one test (`file > full name`), its " ! " or " ✗ " line
 * first, normalized; how often an interval fired is replaced too. Empty when the block does not name the test.
 */
export function asyncDebugSection(output: string, test: string): string[] {
  const sections = asyncDebugBlock(output).replace(/\b\d+ times, first\b/g, '<n> times, first').split('\n\n')
  const section = sections.find(text => /^ [!✗] /.test(text) && text.split('\n')[0]!.slice(3) === test)
  return section === undefined ? [] : section.split('\n')
}
