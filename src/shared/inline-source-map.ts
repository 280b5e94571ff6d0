const INLINE_SOURCE_MAP = /^data:application\/json;(?:charset=[^;,]+;)?base64,(.*)$/s

/** The text of a source map carried in a `data:` URL (Vite's inline maps), or null for any other URL. */
export function inlineSourceMapText(url: string): string | null {
  const match = INLINE_SOURCE_MAP.exec(url)
  if (!match) {
    return null
  }
  const binary = atob(match[1]!)
  return new TextDecoder().decode(Uint8Array.from(binary, character => character.charCodeAt(0)))
}
