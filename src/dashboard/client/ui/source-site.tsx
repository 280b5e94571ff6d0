import type { SourceSite } from '../../../shared/ledger.js'
import { editorHref } from './editor-link'
import { usePage } from './page-context'

/** Lines shown above and below the site's line. */
const context = 2

/** "src/inventory.ts:7:3" as a link that opens the editor there, with the function when known. */
export function SiteLink({ site }: { site: SourceSite | null }) {
  const { data } = usePage()
  if (!site) {
    return <span class="muted">site not captured</span>
  }
  const label = `${site.file}:${site.line}:${site.column}`
  const href = editorHref(data.editorLink, data.root, site)
  return (
    <span class="site">
      {href ? <a class="site-link" href={href} title={`Open ${label} in the editor`}>{label}</a> : <code>{label}</code>}
      {site.function ? <span class="muted"> in {site.function}()</span> : null}
    </span>
  )
}

/** The lines around the site, from the sources the page carries, with its line marked. */
export function SiteExcerpt({ site }: { site: SourceSite | null }) {
  const { data } = usePage()
  const lines = site ? data.sources[site.file] : undefined
  if (!site || !lines) {
    return null
  }
  const numbers: number[] = []
  for (let line = site.line - context; line <= site.line + context; line++) {
    if (lines[line] !== undefined) {
      numbers.push(line)
    }
  }
  if (numbers.length === 0) {
    return null
  }
  return (
    <pre class="excerpt" aria-label={`${site.file} around line ${site.line}`}>
      {numbers.map(line => (
        <div key={line} class={line === site.line ? 'excerpt-line excerpt-hit' : 'excerpt-line'}>
          <span class="excerpt-number">{line}</span>
          <span class="excerpt-code">{lines[line]}</span>
        </div>
      ))}
    </pre>
  )
}

/** A site as a link and, when the page has its source, the code there. */
export function Site({ site }: { site: SourceSite | null }) {
  return (
    <div class="site-block">
      <SiteLink site={site} />
      <SiteExcerpt site={site} />
    </div>
  )
}
