import type { SourceSite } from '../../../shared/ledger.js'

const absolutePath = /^(?:\/|[A-Za-z]:[\\/])/
const unsafeScheme = /^\s*(?:javascript|data|vbscript):/i

/** The site's file as an absolute path: report paths are relative to the project root. */
export function absoluteFile(root: string, file: string): string {
  if (absolutePath.test(file)) {
    return file
  }
  return `${root.replace(/[\\/]+$/, '')}/${file}`
}

/**
 * The editor link for a site: `{file}`, `{line}` and `{column}` of the configured template replaced.
 * Characters that would end the path inside a URL are escaped; a link that would run script is none.
 */
export function editorHref(template: string, root: string, site: SourceSite): string | null {
  if (!template) {
    return null
  }
  const file = absoluteFile(root, site.file).replace(/[%#? ]/g, character => encodeURIComponent(character))
  // 'vscode://file/{file}' with '/home/…' is 'vscode://file/home/…', not 'file//home'.
  const href = template
    .replaceAll('/{file}', file.startsWith('/') ? file : `/${file}`)
    .replaceAll('{file}', file)
    .replaceAll('{line}', String(site.line))
    .replaceAll('{column}', String(site.column))
  return unsafeScheme.test(href) ? null : href
}
