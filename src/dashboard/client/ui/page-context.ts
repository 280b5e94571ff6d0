import type { PageData } from '../../../shared/page-data.js'
import type { PageIndex } from '../state/page-index'
import { createContext } from 'preact'
import { useContext } from 'preact/hooks'

export interface PageContextValue {
  data: PageData
  index: PageIndex
}

export const PageContext = createContext<PageContextValue | null>(null)

/** The data and its look-ups; views render only once data has arrived. */
export function usePage(): PageContextValue {
  const value = useContext(PageContext)
  if (!value) {
    throw new Error('usePage() outside the page context')
  }
  return value
}
