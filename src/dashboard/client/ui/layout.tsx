import type { ComponentChildren } from 'preact'

export function Section({ title, children, id, count }: { title: string, children: ComponentChildren, id?: string, count?: number }) {
  return (
    <section class="section" id={id}>
      <h2 class="section-title">
        {title}
        {count === undefined ? null : <span class="count">{count.toLocaleString('en-US')}</span>}
      </h2>
      {children}
    </section>
  )
}

export function Card({ children, tone }: { children: ComponentChildren, tone?: 'bad' | 'warn' | 'ok' }) {
  return <div class={tone ? `card card-${tone}` : 'card'}>{children}</div>
}

/** A two-column list of facts. */
export function Facts({ items }: { items: Array<[label: string, value: ComponentChildren] | null | false> }) {
  return (
    <dl class="facts">
      {items.filter(item => item !== null && item !== false).map(([label, value]) => (
        <div class="fact" key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  )
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>
}

/** Preformatted text from a test (a stack, JSON data): shown as text, wrapping long lines. */
export function TextBlock({ text, label }: { text: string, label?: string }) {
  return <pre class="text-block" aria-label={label}>{text}</pre>
}
