import { isAbsolute, relative, sep } from 'node:path'
import { pathToFileURL } from 'node:url'

/** `file` relative to `root`, with forward slashes; files outside the root stay absolute. */
export function projectRelative(file: string, root: string): string {
  if (!isAbsolute(file)) {
    return file.split(sep).join('/')
  }
  const path = relative(root, file)
  return path.startsWith('..') ? file : path.split(sep).join('/')
}

/** Rewrites absolute paths under `root` in a stack trace or message to root-relative ones. */
export function relativizeText(text: string, root: string): string {
  const prefix = root.endsWith(sep) ? root : root + sep
  const url = pathToFileURL(prefix).href
  return text.split(url).join('').split(prefix).join('')
}
