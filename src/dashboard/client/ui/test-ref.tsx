import type { SessionRef } from '../../../shared/session.js'
import { testHref } from '../routing/route'

/** A link to a test's page, named by its full name, with the file beside it. */
/** Names past this many characters are cut where they are a link in running text; the title holds all of it. */
const shownLength = 240

export function shortName(name: string): string {
  return name.length > shownLength ? `${name.slice(0, shownLength)}… (${(name.length - shownLength).toLocaleString('en-US')} more characters)` : name
}

export function TestRef({ test, showFile = true }: { test: Pick<SessionRef, 'testId' | 'fullName' | 'file'> & { attempt?: number }, showFile?: boolean }) {
  return (
    <span class="test-ref">
      <a href={testHref(test.testId)} class="test-ref-name" title={test.fullName.length > shownLength ? test.fullName : undefined}>{shortName(test.fullName)}</a>
      {test.attempt !== undefined && test.attempt > 1 ? <span class="muted"> (attempt {test.attempt})</span> : null}
      {showFile ? <span class="muted test-ref-file"> · {test.file}</span> : null}
    </span>
  )
}
