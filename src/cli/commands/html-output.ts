import type { AsyncDebugReport } from '../../shared/report.js'
import { resolve } from 'node:path'
import { DEFAULT_EDITOR_LINK } from '../../shared/constants.js'
import { pageHtml } from '../../report/html/page-html.js'
import { readPageTemplate } from '../../report/html/write-html.js'
import { reportPageData } from '../../report/html/report-page-data.js'

/** `--html` alone: next to the JSON report, `.json` replaced by `.html`; `--html file`: that file. */
export function htmlPathFor(option: string | boolean | undefined, jsonPath: string): string | null {
  if (option === undefined || option === false) {
    return null
  }
  return option === true ? jsonPath.replace(/(\.json)?$/i, '.html') : resolve(String(option))
}

/** The HTML report of a saved or merged report, with code excerpts read from `root` when the sources are there. */
export function htmlOf(report: AsyncDebugReport, root: string): string {
  return pageHtml(readPageTemplate(), reportPageData(report, root, DEFAULT_EDITOR_LINK))
}
