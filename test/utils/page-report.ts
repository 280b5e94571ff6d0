import type { PageData } from '../../src/shared/page-data.js'
import type { AsyncDebugReport } from '../../src/shared/report.js'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pageHtml } from '../../src/report/html/page-html.js'
import { reportPageData as pageDataOf } from '../../src/report/html/report-page-data.js'
import { repoRoot } from './stack.js'

export const pageTemplatePath = join(repoRoot, 'dist/page/page.html')
/** The plugin's default. */
export const editorLink = 'vscode://file/{file}:{line}:{column}'

/** The built page (`npm run build` writes it; the test suite's global setup does not). */
export function pageTemplate(): string {
  if (!existsSync(pageTemplatePath)) {
    throw new Error(`${pageTemplatePath} is missing: run \`npm run build\` (or \`node scripts/build-page.mjs\`) before the page tests`)
  }
  return readFileSync(pageTemplatePath, 'utf8')
}

/** What the HTML report embeds for a report of a project at `root`: the report and the source lines around its sites. */
export function reportPageData(report: AsyncDebugReport, root: string, change: Partial<PageData> = {}): PageData {
  return { ...pageDataOf(report, root, editorLink), ...change }
}

/** Writes the page with its data to a fresh folder and returns its file:// URL; `cleanup` removes the folder. */
export function writeReportPage(data: PageData): { url: string, path: string, cleanup: () => void } {
  const folder = mkdtempSync(join(tmpdir(), 'async-debug-page-'))
  const path = join(folder, 'report.html')
  writeFileSync(path, pageHtml(pageTemplate(), data))
  return { url: `file://${path}`, path, cleanup: () => rmSync(folder, { recursive: true, force: true }) }
}
