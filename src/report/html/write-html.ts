import type { PageData } from '../../shared/page-data.js'
import type { ResolvedOptions } from '../../plugin/options.js'
import { readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { DEFAULT_REPORT_FILE, HTML_REPORT_NAME } from '../../shared/constants.js'
import { pageTemplatePath } from '../../plugin/paths.js'
import { writeTextAtomic } from '../write-json.js'
import { pageHtml } from './page-html.js'

/** `report.html` next to the JSON report (or where that would be), a path of the user's, or null. */
export function htmlReportPath(options: Pick<ResolvedOptions, 'htmlReport' | 'reportFile'>, root: string): string | null {
  if (options.htmlReport === false) {
    return null
  }
  if (typeof options.htmlReport === 'string') {
    return resolve(root, options.htmlReport)
  }
  const jsonPath = resolve(root, options.reportFile === false ? DEFAULT_REPORT_FILE : options.reportFile)
  // A reportFile that names a folder fails with a warning; the page still goes in that folder, not above it.
  return join(isFolder(jsonPath) ? jsonPath : dirname(jsonPath), HTML_REPORT_NAME)
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  }
  catch {
    return false
  }
}

let template: string | undefined

export function readPageTemplate(): string {
  try {
    template ??= readFileSync(pageTemplatePath(), 'utf8')
  }
  catch (error) {
    throw new Error(`the page is missing from the package (${pageTemplatePath()}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); reinstall vitest-async-debug, or run npm run build in its repository`)
  }
  return template
}

export function writeHtmlReport(path: string, data: PageData): void {
  writeTextAtomic(path, pageHtml(readPageTemplate(), data))
}
