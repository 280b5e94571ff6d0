import type { ThrownValue } from '../shared/session.js'

/** Mirrors how Vitest serializes a thrown value, so the main process can match the two. */
export function describeThrown(value: unknown): ThrownValue {
  if (typeof value === 'object' && value !== null) {
    const { name, message, stack } = value as Record<string, unknown>
    return {
      name: typeof name === 'string' ? name : 'Error',
      message: String(message),
      stack: typeof stack === 'string' ? stack : null,
    }
  }
  return { name: 'Error', message: String(value), stack: null }
}
