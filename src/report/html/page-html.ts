import type { PageData } from '../../shared/page-data.js'
import { gzipSync } from 'node:zlib'

/** Where the built page (dist/page/page.html) takes its data; the client reads `#page-data`, or connects live without it. */
export const PAGE_DATA_PLACEHOLDER = '<!--page-data-->'
export const PAGE_DATA_ELEMENT_ID = 'page-data'

/**
 * The page with its data: gzip, then base64, in an element the browser never runs. Base64 has no `<`,
 * so no string from a test can end the element or start markup, whatever it holds.
 */
export function pageHtml(template: string, data: PageData | null): string {
  if (!template.includes(PAGE_DATA_PLACEHOLDER)) {
    throw new Error(`the page template has no ${PAGE_DATA_PLACEHOLDER} placeholder: rebuild the package (npm run build)`)
  }
  const element = data === null
    ? ''
    : `<script id="${PAGE_DATA_ELEMENT_ID}" type="application/octet-stream">${gzipSync(JSON.stringify(data)).toString('base64')}</script>`
  return template.replace(PAGE_DATA_PLACEHOLDER, () => element)
}
