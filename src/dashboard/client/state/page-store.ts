import type { PageData, PagePatch } from '../../../shared/page-data.js'
import { useEffect, useState } from 'preact/hooks'
import { applyPatch } from './apply-patch'

/** `connecting`: live, before the stream opened; `open`: live and connected; `lost`: live, reconnecting; `static`: a report file. */
export type Connection = 'connecting' | 'open' | 'lost' | 'static'

export interface PageState {
  data: PageData | null
  connection: Connection
  /** Set when the embedded data could not be read. */
  failure: string | null
}

type Listener = (state: PageState) => void

/**
 * The page's one source of truth: data from the report file or the live stream, and the connection.
 * Data comes in through `parsePlain` (embedded-data.ts, live-events.ts), so its strings are already plain.
 */
export class PageStore {
  private state: PageState = { data: null, connection: 'connecting', failure: null }
  private readonly listeners = new Set<Listener>()

  get current(): PageState {
    return this.state
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  replace(data: PageData): void {
    this.update({ data })
  }

  patch(patch: PagePatch): void {
    if (this.state.data) {
      this.update({ data: applyPatch(this.state.data, patch) })
    }
  }

  setConnection(connection: Connection): void {
    if (connection !== this.state.connection) {
      this.update({ connection })
    }
  }

  fail(failure: string): void {
    this.update({ failure })
  }

  private update(change: Partial<PageState>): void {
    this.state = { ...this.state, ...change }
    for (const listener of this.listeners) {
      listener(this.state)
    }
  }
}

export function usePageState(store: PageStore): PageState {
  const [state, setState] = useState(store.current)
  useEffect(() => {
    setState(store.current)
    return store.subscribe(setState)
  }, [store])
  return state
}
