import type { TestFilter } from '../state/test-filters'
import { useEffect, useState } from 'preact/hooks'
import { filterFromParams, filterToParams } from '../state/test-filters'

/** Where the page is, kept in the URL hash: the report opens from file://, where only the hash can change. */
export type Route =
  | { view: 'overview' }
  | { view: 'tests', filter: TestFilter }
  | { view: 'test', id: string }
  | { view: 'errors' }
  | { view: 'workers' }
  | { view: 'timeline' }
  | { view: 'files' }

export type ViewName = Route['view']

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '')
  const query = path.indexOf('?')
  const [pathname, search] = query === -1 ? [path, ''] : [path.slice(0, query), path.slice(query + 1)]
  const parts = pathname.split('/').filter(Boolean)
  switch (parts[0]) {
    case 'tests':
      return { view: 'tests', filter: filterFromParams(new URLSearchParams(search)) }
    case 'test':
      return parts[1] === undefined ? { view: 'tests', filter: filterFromParams(new URLSearchParams()) } : { view: 'test', id: safeDecode(parts.slice(1).join('/')) }
    case 'errors':
    case 'workers':
    case 'timeline':
    case 'files':
      return { view: parts[0] }
    default:
      return { view: 'overview' }
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  }
  catch {
    return text
  }
}

export function routeHref(route: Route): string {
  switch (route.view) {
    case 'overview':
      return '#/'
    case 'tests': {
      const query = filterToParams(route.filter).toString()
      return query ? `#/tests?${query}` : '#/tests'
    }
    case 'test':
      return testHref(route.id)
    default:
      return `#/${route.view}`
  }
}

export function testHref(id: string): string {
  return `#/test/${encodeURIComponent(id)}`
}

/** Changes the hash without a new history entry (filters typed letter by letter). */
export function replaceRoute(route: Route): void {
  location.replace(routeHref(route))
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash))
  useEffect(() => {
    const onChange = (): void => setRoute(parseRoute(location.hash))
    addEventListener('hashchange', onChange)
    return () => removeEventListener('hashchange', onChange)
  }, [])
  return route
}
