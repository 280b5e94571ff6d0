import { INSPECTOR_CONSOLE_KEY } from '../../shared/constants.js'

/**
 * A logpoint's message (`total is {total}`) as a breakpoint condition: it writes the message to the
 * worker's inspector console (seen by debuggers only, not in Vitest's output) and never stops.
 */
export function logpointCondition(message: string, condition: string | undefined): string {
  const parts = interpolations(message).map((part) => {
    if (part.kind === 'text') {
      return JSON.stringify(part.value)
    }
    // One that does not compile would break the whole condition (and every breakpoint on its line): it logs why instead.
    const problem = syntaxProblem(part.value)
    return problem !== null
      ? JSON.stringify(`<${problem}>`)
      : `(() => { try { return (${part.value}) } catch (error) { return \`<\${error}>\` } })()`
  })
  const log = `globalThis.process?.[Symbol.for(${JSON.stringify(INSPECTOR_CONSOLE_KEY)})]?.log(${parts.join(', ')})`
  return condition ? `(${condition}) && (${log}, false)` : `(${log}, false)`
}

/** `total is {total}` as text and expressions; braces inside an expression (`{JSON.stringify({ total })}`) nest. */
function interpolations(message: string): Array<{ kind: 'text' | 'expression', value: string }> {
  const parts: Array<{ kind: 'text' | 'expression', value: string }> = []
  let text = ''
  let depth = 0
  let expression = ''
  for (const character of message) {
    if (depth === 0) {
      if (character === '{') {
        depth = 1
        if (text !== '') {
          parts.push({ kind: 'text', value: text })
        }
        text = ''
      }
      else {
        text += character
      }
      continue
    }
    if (character === '{') {
      depth++
    }
    else if (character === '}' && --depth === 0) {
      parts.push(expression.trim() === '' ? { kind: 'text', value: '{}' } : { kind: 'expression', value: expression })
      expression = ''
      continue
    }
    expression += character
  }
  if (depth > 0) {
    // An opening brace that never closes is text, joined to the text before it.
    const before = parts.at(-1)?.kind === 'text' ? parts.pop()!.value : ''
    text = `${before}{${expression}`
  }
  if (text !== '') {
    parts.push({ kind: 'text', value: text })
  }
  return parts
}

function syntaxProblem(expression: string): string | null {
  try {
    // Compiled only, never run: the check happens in the main process, the expression runs in the worker.
    void new Function(`return (${expression})`)
    return null
  }
  catch (error) {
    return String(error)
  }
}
