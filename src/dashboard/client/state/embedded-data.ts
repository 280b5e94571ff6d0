import type { PageData } from '../../../shared/page-data.js'
import { parsePlain } from '../text/plain-text'

/** The element the HTML report carries its data in (see src/report/html/page-html.ts). */
export const pageDataElementId = 'page-data'

export function embeddedDataElement(): HTMLElement | null {
  return document.getElementById(pageDataElementId)
}

/** base64(gzip(JSON)) → PageData, its strings made plain. DecompressionStream works from file:// too: nothing is fetched. */
export async function decodeEmbeddedData(base64: string): Promise<PageData> {
  const binary = atob(base64.trim())
  const bytes = new Uint8Array(binary.length)
  for (let index = 0; index < binary.length; index++) {
    bytes[index] = binary.charCodeAt(index)
  }
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))
  return parsePlain<PageData>(await new Response(stream).text())
}
