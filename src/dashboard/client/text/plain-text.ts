/** ANSI escape sequences: CSI (colours, cursor moves), OSC (titles, links) and the two-character ones. */
const ansiPattern = /\u001B\[[0-?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|\u001B[@-Z\\-_]|\u009B[0-?]*[ -/]*[@-~]/g
/** Control characters left after that, except newline and tab: written out so that they are seen. */
const controlPattern = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g
const suspicious = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/

/** Text from a test as the page shows it: colours removed, other control characters written out (`\x07`). */
export function plainText(text: string): string {
  if (!suspicious.test(text)) {
    return text
  }
  return text.replace(ansiPattern, '').replace(controlPattern, character => `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`)
}

/** Whether JSON text may hold a control character once parsed (escaped, or C1 characters as they are). */
const controlInJson = /\\u00(?:0[0-8b-fB-F]|1[0-9a-fA-F]|7[fF]|[89][0-9a-fA-F])|\\[bf]|[\u007F-\u009F]/

/**
 * JSON from the run, parsed with every string made plain. Most runs have no control character at all:
 * one look at the text then spares the walk over every string (a tenth of the first render of 10,000 tests).
 */
export function parsePlain<T>(json: string): T {
  const value = JSON.parse(json) as T
  return controlInJson.test(json) ? plainStrings(value) : value
}

/**
 * Every string in a value made plain, in place of a copy (object keys too: file names key `sources`).
 * Done once when data arrives, so no view can forget it.
 */
export function plainStrings<T>(value: T): T {
  return clean(value) as T
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') {
    return plainText(value)
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index]
      const cleaned = clean(item)
      if (cleaned !== item) {
        copy ??= value.slice()
        copy[index] = cleaned
      }
    }
    return copy ?? value
  }
  if (value !== null && typeof value === 'object') {
    let copy: Record<string, unknown> | null = null
    for (const [key, item] of Object.entries(value)) {
      const cleaned = clean(item)
      const cleanKey = plainText(key)
      if (cleaned !== item || cleanKey !== key) {
        copy ??= { ...value as Record<string, unknown> }
        if (cleanKey !== key) {
          delete copy[key]
        }
        copy[cleanKey] = cleaned
      }
    }
    return copy ?? value
  }
  return value
}
