export interface ProgressLine {
  /** Replaces the line with this text. */
  update: (text: string) => void
  /** Clears the line, leaving the terminal as it was. */
  done: () => void
}

const quiet: ProgressLine = { update: () => {}, done: () => {} }

/**
 * One line of progress for a long step, redrawn in place on a terminal; nothing at all when the output
 * is a file, a pipe or a CI log, where redrawn lines only add noise.
 */
export function progressLine(stream: NodeJS.WriteStream = process.stderr): ProgressLine {
  if (!stream.isTTY || process.env.CI) {
    return quiet
  }
  let shown = false
  return {
    update: (text) => {
      const width = Math.max(20, (stream.columns || 80) - 1)
      stream.write(`\r\u001B[2K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`)
      shown = true
    },
    done: () => {
      if (shown) {
        stream.write('\r\u001B[2K')
        shown = false
      }
    },
  }
}
