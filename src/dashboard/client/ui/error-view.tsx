import type { ErrorEntry } from '../../../shared/report.js'
import { TextBlock } from './layout'

/** An error: its name and message, then the stack as text (without the repeated first line). */
export function ErrorView({ error }: { error: Pick<ErrorEntry, 'name' | 'message' | 'stack'> & { truncated?: true } }) {
  const heading = `${error.name}: ${error.message}`
  const stack = error.stack ? withoutHeading(error.stack, error) : null
  return (
    <div class="error">
      <div class="error-message">{heading}</div>
      {stack ? <TextBlock text={stack} label="stack" /> : null}
      {error.truncated ? <p class="muted">The message or stack was cut to the report's limits.</p> : null}
    </div>
  )
}

function withoutHeading(stack: string, error: Pick<ErrorEntry, 'name' | 'message'>): string {
  const heading = `${error.name}: ${error.message}`
  return stack.startsWith(heading) ? stack.slice(heading.length).replace(/^\n/, '') : stack
}
