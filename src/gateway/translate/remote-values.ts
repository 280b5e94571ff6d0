import type { DebugProtocol } from '@vscode/debugprotocol'
import type { Protocol } from 'devtools-protocol'

const MAX_VALUE_LENGTH = 1000

/** How a value reads in a debugger's variables view: strings quoted, objects by their description. */
export function valueText(remote: Protocol.Runtime.RemoteObject): string {
  if (remote.type === 'string') {
    const text = JSON.stringify(remote.value)
    if (text.length <= MAX_VALUE_LENGTH) {
      return text
    }
    // By characters, not UTF-16 units: a cut must not split a surrogate pair, and an emoji counts once.
    const kept = Array.from(text.slice(0, 2 * MAX_VALUE_LENGTH))
    return kept.length > MAX_VALUE_LENGTH ? `${kept.slice(0, MAX_VALUE_LENGTH).join('')}…" (${characterCount(String(remote.value))} characters)` : text
  }
  if (remote.type === 'undefined') {
    return 'undefined'
  }
  if (remote.unserializableValue !== undefined) {
    return remote.unserializableValue
  }
  if (remote.type === 'object' && remote.subtype === 'null') {
    return 'null'
  }
  if (remote.type === 'function') {
    return (remote.description ?? 'function').split('\n', 1)[0]!
  }
  if ('value' in remote && remote.type !== 'object') {
    return String(remote.value)
  }
  return remote.preview ? previewText(remote.preview) : remote.description ?? remote.className ?? remote.type
}

function characterCount(text: string): number {
  return text.length - (text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0)
}

/** V8's preview of an object, as one line: `{name: 'tea', price: 4}`, `(3) [1, 2, 3]`, with `…` for what it left out. */
function previewText(preview: Protocol.Runtime.ObjectPreview): string {
  const property = (item: Protocol.Runtime.PropertyPreview): string => item.type === 'string' ? `'${(item.value ?? '').replace(/\n/g, '\\n')}'` : item.type === 'function' ? 'ƒ' : item.value ?? item.type
  const more = preview.overflow ? ', …' : ''
  if (preview.subtype === 'array' || preview.subtype === 'typedarray') {
    const length = /\((\d+)\)$/.exec(preview.description ?? '')?.[1]
    return `${length !== undefined ? `(${length}) ` : ''}[${preview.properties.map(property).join(', ')}${more}]`
  }
  if (preview.type !== 'object' || (preview.subtype && preview.subtype !== 'null')) {
    return preview.description ?? preview.type
  }
  const prefix = preview.description && preview.description !== 'Object' ? `${preview.description} ` : ''
  return `${prefix}{${preview.properties.map(item => `${item.name}: ${property(item)}`).join(', ')}${more}}`
}

/** What a DAP client shows as the value's type. */
export function typeText(remote: Protocol.Runtime.RemoteObject): string {
  return remote.className ?? remote.subtype ?? remote.type
}

export function isExpandable(remote: Protocol.Runtime.RemoteObject): boolean {
  return remote.objectId !== undefined && (remote.type === 'object' || remote.type === 'function') && remote.subtype !== 'null'
}

/** Elements of an array-like value, from its description ("Array(3)", "Uint8Array(16)"). */
export function indexedCount(remote: Protocol.Runtime.RemoteObject): number | undefined {
  if (remote.subtype !== 'array' && remote.subtype !== 'typedarray') {
    return undefined
  }
  const match = /\((\d+)\)$/.exec(remote.description ?? '')
  return match ? Number(match[1]) : undefined
}

/** A DAP variable for a value; `reference` gives expandable values a handle for their children. */
export function toVariable(name: string, remote: Protocol.Runtime.RemoteObject, reference: (objectId: string) => number, evaluateName?: string): DebugProtocol.Variable {
  const expandable = isExpandable(remote)
  const indexed = indexedCount(remote)
  return {
    name,
    value: valueText(remote),
    type: typeText(remote),
    variablesReference: expandable ? reference(remote.objectId!) : 0,
    ...indexed !== undefined ? { indexedVariables: indexed } : {},
    ...evaluateName ? { evaluateName } : {},
  }
}

/** An expression that reads `name` of the value `parent` evaluates to, for `evaluateName`. */
export function childExpression(parent: string | undefined, name: string): string | undefined {
  if (!parent) {
    return undefined
  }
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `${parent}.${name}` : /^\d+$/.test(name) ? `${parent}[${name}]` : `${parent}[${JSON.stringify(name)}]`
}
