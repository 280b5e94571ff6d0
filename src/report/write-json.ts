import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

/**
 * Writes JSON so readers never see a half-written file: a temp file next to the target, then a rename.
 * Synchronous, so it works in an `exit` handler. A failed write (a full disk, a folder in the way) leaves
 * no temp file behind, and a folder is never written next to or replaced.
 */
export function writeJsonAtomic(path: string, data: unknown): void {
  writeTextAtomic(path, `${JSON.stringify(data, null, 2)}\n`)
}

/** As writeJsonAtomic, for text already serialized. */
export function writeTextAtomic(path: string, text: string): void {
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw Object.assign(new Error(`${path} is a folder`), { code: 'EISDIR' })
  }
  mkdirSync(dirname(path), { recursive: true })
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`)
  try {
    writeFileSync(temporary, text)
    renameSync(temporary, path)
  }
  catch (error) {
    rmSync(temporary, { force: true })
    throw error
  }
}
