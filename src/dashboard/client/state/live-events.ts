import type { PageData, PagePatch } from '../../../shared/page-data.js'
import type { PageStore } from './page-store'
import { parsePlain } from '../text/plain-text'

/** How long to wait before opening a new stream when the browser gave up on one. */
const retryMs = 2000

/**
 * Follows the dashboard's Server-Sent Events: `snapshot` replaces the data, `patch` merges into it. The
 * browser reconnects by itself after a drop; when it gives up (the server answered with an error), a
 * new stream is opened after a pause. Events that cannot be read are skipped: one bad event must not
 * end the page.
 */
export function followLiveEvents(store: PageStore): void {
  const url = `events${location.search}`
  const connect = (): void => {
    const source = new EventSource(url)
    source.addEventListener('open', () => store.setConnection('open'))
    source.addEventListener('snapshot', (event) => {
      const data = parse<PageData>(event)
      if (data) {
        store.replace(data)
        store.setConnection('open')
      }
    })
    source.addEventListener('patch', (event) => {
      const patch = parse<PagePatch>(event)
      if (patch) {
        store.patch(patch)
      }
    })
    source.addEventListener('error', () => {
      store.setConnection('lost')
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(connect, retryMs)
      }
    })
  }
  connect()
}

function parse<T>(event: Event): T | null {
  try {
    return parsePlain<T>((event as MessageEvent<string>).data)
  }
  catch {
    return null
  }
}
