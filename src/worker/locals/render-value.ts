import type { Protocol } from 'devtools-protocol'
import type { SyncSession } from './sync-session.js'

type RemoteObject = Protocol.Runtime.RemoteObject

/** How much of a value is shown, as Vitest's diffs cut them. */
export interface RenderLimits {
  /** Levels of nested objects shown; deeper ones are `{ … }` or `[ … ]`. */
  depth: number
  /** Items of an array or properties of an object. */
  items: number
  /** Characters of a string. */
  stringChars: number
}

export const DEFAULT_RENDER_LIMITS: RenderLimits = { depth: 3, items: 10, stringChars: 100 }

/** Arrays longer than this are not listed: the inspector would send every index. */
const LISTED_ARRAY_LENGTH = 1000

/** Runs in the value's realm; reads process.env's size without its values and a function's own name without a getter. */
const describeDeclaration = `function () {
  const env = typeof process === 'object' && process !== null ? process.env : undefined
  if (env !== undefined && this === env) return { envSize: Object.keys(env).length }
  if (typeof this === 'function') {
    const name = Object.getOwnPropertyDescriptor(this, 'name')
    return { name: name && typeof name.value === 'string' ? name.value : '' }
  }
  return {}
}`

interface Described {
  envSize?: number
  name?: string
}

export function quoteString(text: string, limit: number): string {
  const shown = text.length > limit ? text.slice(0, limit) : text
  const escaped = shown.replace(/[\\'\u0000-\u001f\u2028\u2029]/g, char => char === '\'' ? '\\\'' : JSON.stringify(char).slice(1, -1))
  const more = text.length - shown.length
  return more > 0 ? `'${escaped}'… (${more.toLocaleString('en-US')} more characters)` : `'${escaped}'`
}

function propertyKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) || /^(0|[1-9]\d*)$/.test(name) ? name : quoteString(name, 40)
}

function describe(session: SyncSession, object: RemoteObject): Described {
  try {
    return (session.callOn(object.objectId!, describeDeclaration) ?? {}) as Described
  }
  catch {
    return {}
  }
}

function moreItems(count: number): string {
  return `… ${count.toLocaleString('en-US')} more item${count === 1 ? '' : 's'}`
}

function primitive(value: RemoteObject, limits: RenderLimits): string | null {
  switch (value.type) {
    case 'undefined':
      return 'undefined'
    case 'string':
      return quoteString(String(value.value), limits.stringChars)
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'symbol':
      return value.description ?? value.unserializableValue ?? String(value.value)
    case 'object':
      return value.subtype === 'null' ? 'null' : null
    default:
      return null
  }
}

/** Objects that are shown by what the inspector says of them, without listing their contents. */
const describedOnly = new Set(['regexp', 'date', 'weakmap', 'weakset', 'iterator', 'generator', 'promise', 'typedarray', 'arraybuffer', 'dataview', 'webassemblymemory', 'wasmvalue', 'trustedtype'])

/**
 * A value as text, read through the inspector while the thread is paused: nested objects to `limits.depth`,
 * accessors as `[Getter]` (never called), functions as `[Function name]`, process.env as its size only.
 */
export function renderValue(session: SyncSession, value: RemoteObject, limits: RenderLimits = DEFAULT_RENDER_LIMITS, depth = 0): string {
  const simple = primitive(value, limits)
  if (simple !== null) {
    return simple
  }
  if (value.type === 'function') {
    if (value.className === 'Function' && value.description?.startsWith('class ')) {
      return `[class ${describe(session, value).name || '(anonymous)'}]`
    }
    return `[Function ${describe(session, value).name || '(anonymous)'}]`
  }
  if (value.objectId === undefined) {
    return value.description ?? String(value.value)
  }
  const subtype = value.subtype ?? ''
  if (subtype === 'error') {
    return `[${(value.description ?? 'Error').split('\n', 1)[0]}]`
  }
  if (subtype === 'proxy') {
    return '[Proxy]'
  }
  if (describedOnly.has(subtype)) {
    return value.description ?? subtype
  }
  if (subtype === 'map' || subtype === 'set') {
    return renderCollection(session, value, limits, depth)
  }
  const isArray = subtype === 'array'
  const className = value.className ?? 'Object'
  const prefix = isArray ? (className === 'Array' ? '' : `${className} `) : (className === 'Object' ? '' : `${className} `)
  if (!isArray) {
    const { envSize } = describe(session, value)
    if (envSize !== undefined) {
      return `[process.env: ${envSize.toLocaleString('en-US')} variables, values hidden]`
    }
  }
  const length = isArray ? Number(/\((\d+)\)/.exec(value.description ?? '')?.[1] ?? 0) : null
  if (length === 0) {
    return `${prefix}[]`
  }
  if (depth >= limits.depth || (length !== null && length > LISTED_ARRAY_LENGTH)) {
    return isArray ? `${prefix}[ ${length !== null && length > 0 ? `… ${length.toLocaleString('en-US')} items` : '…'} ]` : `${prefix}{ … }`
  }
  const properties = session.properties(value.objectId).filter(property => property.enumerable && property.name !== '__proto__')
  if (properties.length === 0) {
    return isArray ? `${prefix}[]` : `${prefix}{}`
  }
  const shown = properties.slice(0, limits.items).map((property) => {
    const text = property.value ? renderValue(session, property.value, limits, depth + 1) : accessorText(property)
    return isArray && /^\d+$/.test(property.name) ? text : `${property.symbol ? `[${property.name}]` : propertyKey(property.name)}: ${text}`
  })
  if (properties.length > limits.items) {
    shown.push(moreItems(properties.length - limits.items))
  }
  return isArray ? `${prefix}[ ${shown.join(', ')} ]` : `${prefix}{ ${shown.join(', ')} }`
}

/** `Map(2) { 'a' => 1, … }` and `Set(2) { 1, 'two' }`, read from the `[[Entries]]` slot without calling the collection's methods. */
function renderCollection(session: SyncSession, value: RemoteObject, limits: RenderLimits, depth: number): string {
  const label = value.description ?? (value.subtype === 'map' ? 'Map' : 'Set')
  const size = Number(/\((\d+)\)/.exec(label)?.[1] ?? 0)
  if (size === 0) {
    return `${label} {}`
  }
  const entries = session.internalProperties(value.objectId!).find(property => property.name === '[[Entries]]')?.value
  if (depth >= limits.depth || size > LISTED_ARRAY_LENGTH || entries?.objectId === undefined) {
    return `${label} { … }`
  }
  const listed = session.properties(entries.objectId).filter(property => /^\d+$/.test(property.name)).slice(0, limits.items)
  const shown = listed.map((item) => {
    const parts = item.value?.objectId === undefined ? [] : session.properties(item.value.objectId)
    const part = (name: string): string => {
      const found = parts.find(property => property.name === name)?.value
      return found ? renderValue(session, found, limits, depth + 1) : 'undefined'
    }
    return value.subtype === 'map' ? `${part('key')} => ${part('value')}` : part('value')
  })
  if (size > listed.length) {
    shown.push(moreItems(size - listed.length))
  }
  return `${label} { ${shown.join(', ')} }`
}

export function accessorText(property: Protocol.Runtime.PropertyDescriptor): string {
  if (property.get && property.get.type !== 'undefined') {
    return property.set && property.set.type !== 'undefined' ? '[Getter/Setter]' : '[Getter]'
  }
  return '[Setter]'
}
