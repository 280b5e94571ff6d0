import { render } from 'preact'
import { decodeEmbeddedData, embeddedDataElement } from './state/embedded-data'
import { followLiveEvents } from './state/live-events'
import { PageStore } from './state/page-store'
import { App } from './ui/app'

/** One page, two sources: the data the HTML report carries, or the live dashboard's event stream. */
function start(): void {
  const store = new PageStore()
  const embedded = embeddedDataElement()
  if (embedded) {
    store.setConnection('static')
    decodeEmbeddedData(embedded.textContent ?? '').then(
      data => store.replace(data),
      (error: unknown) => store.fail(`The report's data could not be read: ${error instanceof Error ? error.message : String(error)}`),
    )
  }
  else {
    followLiveEvents(store)
  }
  const root = document.getElementById('app')
  if (root) {
    render(<App store={store} />, root)
  }
}

start()
