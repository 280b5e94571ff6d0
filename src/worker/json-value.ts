import type { JsonValue } from '../shared/json.js'

const MAX_JSON_LENGTH = 16_384

/** A JSON copy of `value`, or a TypeError that names `what` and says what is allowed. */
export function toJsonValue(value: unknown, what: string): JsonValue {
  let text: string | undefined
  try {
    text = JSON.stringify(value)
  }
  catch (error) {
    throw new TypeError(`${what} must be JSON-serializable: ${(error as Error).message}`)
  }
  if (text === undefined) {
    throw new TypeError(`${what} must be JSON-serializable, got ${typeof value}`)
  }
  if (text.length > MAX_JSON_LENGTH) {
    throw new RangeError(`${what} is ${text.length} characters as JSON; at most ${MAX_JSON_LENGTH} are kept. Store a summary instead.`)
  }
  return JSON.parse(text) as JsonValue
}
