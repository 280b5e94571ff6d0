import { INSPECTOR_CONSOLE_KEY } from '../../shared/constants.js'

/**
 * A logpoint's message (`total is {total}`) as a breakpoint condition: it writes the message to the
 * worker's inspector console (seen by debuggers only, not in Vitest's output) and never stops.
 */
export function logpointCondition(message: string, condition: string | undefined): string {
  const parts: string[] = []
  let rest = message
  for (;;) {
    const open = rest.indexOf('{')
    const close = open === -1 ? -1 : rest.indexOf('}', open)
    if (open === -1 || close === -1) {
      if (rest !== '') {
        parts.push(JSON.stringify(rest))
      }
      break
    }
    if (open > 0) {
      parts.push(JSON.stringify(rest.slice(0, open)))
    }
    parts.push(`(() => { try { return (${rest.slice(open + 1, close)}) } catch (error) { return \`<\${error}>\` } })()`)
    rest = rest.slice(close + 1)
  }
  const log = `globalThis.process?.[Symbol.for(${JSON.stringify(INSPECTOR_CONSOLE_KEY)})]?.log(${parts.join(', ')})`
  return condition ? `(${condition}) && (${log}, false)` : `(${log}, false)`
}
