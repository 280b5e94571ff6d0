import { relative } from 'node:path'
import { writeTextAtomic } from '../../report/write-json.js'
import { InputError } from '../usage-error.js'

const reasons: Record<string, string> = {
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOSPC: 'the disk is full',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is a file, not a folder',
}

export function shownPath(path: string): string {
  return relative(process.cwd(), path) || path
}

/** Writes whole or not at all (temp file and rename); a failure is one line that names the path and the reason. */
export function writeOutput(path: string, text: string, what: string): void {
  try {
    writeTextAtomic(path, text)
  }
  catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new InputError(`cannot write the ${what} to ${shownPath(path)} (${(code && reasons[code]) ?? code ?? (error as Error).message}): choose a writable path.`)
  }
}
