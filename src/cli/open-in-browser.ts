import { spawn } from 'node:child_process'

/** The platform's opener: `open` on macOS, `start` on Windows, `xdg-open` elsewhere. */
function opener(path: string): { command: string, args: string[] } {
  if (process.platform === 'darwin') {
    return { command: 'open', args: [path] }
  }
  if (process.platform === 'win32') {
    return { command: 'cmd', args: ['/c', 'start', '""', path] }
  }
  return { command: 'xdg-open', args: [path] }
}

const OPENER_WAIT_MS = 3000

/**
 * Hands the file to the default browser; resolves with why it could not, or null. Waits for the opener
 * to report failure for a few seconds at most, never for the browser.
 */
export function openInBrowser(path: string): Promise<string | null> {
  const { command, args } = opener(path)
  return new Promise((resolve) => {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' })
    const stillOpening = setTimeout(() => {
      child.unref()
      resolve(null)
    }, OPENER_WAIT_MS)
    child.once('error', (error) => {
      clearTimeout(stillOpening)
      resolve(`${command} could not be started (${(error as NodeJS.ErrnoException).code ?? error.message})`)
    })
    child.once('exit', (code) => {
      clearTimeout(stillOpening)
      resolve(code === 0 ? null : `${command} exited with code ${code}`)
    })
  })
}
