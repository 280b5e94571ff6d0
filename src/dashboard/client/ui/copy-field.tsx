import { useState } from 'preact/hooks'

/** Text to copy (a devtools:// address cannot be opened by a link): selectable, with a copy button. */
export function CopyField({ value, label }: { value: string, label: string }) {
  const [copied, setCopied] = useState(false)
  const copy = (): void => {
    navigator.clipboard?.writeText(value).then(() => {
      setCopied(true)
      setTimeout(() => setCopied(false), 1500)
    }, () => setCopied(false))
  }
  return (
    <span class="copy-field">
      <input class="copy-input" readOnly value={value} aria-label={label} onFocus={event => event.currentTarget.select()} />
      <button type="button" class="button" onClick={copy}>{copied ? 'Copied' : 'Copy'}</button>
    </span>
  )
}
