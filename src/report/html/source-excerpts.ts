import type { PageData } from '../../shared/page-data.js'
import { readFileSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'

const LINES_AROUND = 3
const MAX_FILES = 200
const MAX_LINE_LENGTH = 300

interface Site {
  file: string
  line: number
}

function isSite(value: object): value is Site {
  const candidate = value as Partial<Site>
  return typeof candidate.file === 'string' && typeof candidate.line === 'number' && 'column' in value
}

/** Every source site anywhere in the value: `{ file, line, column }` objects, as the report writes them. */
function collectSites(value: unknown, sites: Site[]): void {
  if (Array.isArray(value)) {
    value.forEach(item => collectSites(item, sites))
  }
  else if (typeof value === 'object' && value !== null) {
    if (isSite(value)) {
      sites.push(value)
    }
    Object.values(value).forEach(item => collectSites(item, sites))
  }
}

/**
 * The lines around each site in the project's own files, so the page can show them without the files.
 * Files outside the root (and what cannot be read) are left out: the page then shows the link alone.
 */
export function sourceExcerpts(value: unknown, root: string, known: PageData['sources'] = {}): PageData['sources'] {
  const sites: Site[] = []
  collectSites(value, sites)
  const wanted = new Map<string, Set<number>>()
  for (const site of sites) {
    if (isAbsolute(site.file) || site.file.startsWith('..') || site.file.includes('node_modules/')) {
      continue
    }
    const lines = wanted.get(site.file) ?? new Set()
    for (let line = Math.max(1, site.line - LINES_AROUND); line <= site.line + LINES_AROUND; line++) {
      if (known[site.file]?.[line] === undefined) {
        lines.add(line)
      }
    }
    if (lines.size > 0 && (wanted.has(site.file) || wanted.size < MAX_FILES)) {
      wanted.set(site.file, lines)
    }
  }
  const excerpts: PageData['sources'] = {}
  for (const [file, lines] of wanted) {
    let text: string[]
    try {
      text = readFileSync(resolve(root, file), 'utf8').split(/\r?\n/)
    }
    catch {
      continue
    }
    const excerpt: Record<number, string> = {}
    for (const line of [...lines].sort((a, b) => a - b)) {
      const content = text[line - 1]
      if (content !== undefined) {
        excerpt[line] = content.length > MAX_LINE_LENGTH ? `${content.slice(0, MAX_LINE_LENGTH)}…` : content
      }
    }
    excerpts[file] = excerpt
  }
  return excerpts
}
