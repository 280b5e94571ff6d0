import type { LocalVariable } from '../../shared/locals.js'

/** Below this many bytes left, a value is dropped rather than cut to a stub. */
const SMALLEST_CUT = 24

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length
}

function cutToBytes(text: string, bytes: number): string {
  let cut = text.slice(0, bytes)
  while (byteLength(cut) > bytes) {
    cut = cut.slice(0, -1)
  }
  return cut
}

/**
 * The variables of all frames within `maxBytes` of names and values, in order: the value that crosses the
 * limit is cut (ending in `…`), the ones after it are left out. `truncated` says whether anything was.
 */
export function fitBudget(frames: readonly LocalVariable[][], maxBytes: number): { frames: LocalVariable[][], truncated: boolean } {
  let left = maxBytes
  let truncated = false
  const fitted = frames.map(variables => variables.flatMap((variable) => {
    if (truncated) {
      return []
    }
    const size = byteLength(variable.name) + byteLength(variable.value)
    if (size <= left) {
      left -= size
      return [variable]
    }
    truncated = true
    const room = left - byteLength(variable.name) - byteLength('…')
    if (room < SMALLEST_CUT) {
      return []
    }
    left = 0
    return [{ name: variable.name, value: `${cutToBytes(variable.value, room)}…` }]
  }))
  return { frames: fitted, truncated }
}
