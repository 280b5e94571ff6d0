import type { SourcePosition } from './failure-site.js'
import { readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { inlineSourceMapText } from '../../shared/inline-source-map.js'

/** A script as V8 reports it (`Debugger.scriptParsed`). */
export interface ParsedScript {
  scriptId: string
  url: string
  sourceMapURL?: string
}

/** A position in the code V8 runs: 0-based, as CDP takes it. */
export interface GeneratedPosition {
  lineNumber: number
  columnNumber: number
}

function fileUrlOf(url: string): URL {
  return url.startsWith('file:') ? new URL(url) : pathToFileURL(url)
}

/** The text of the source map a script names (inline or a file next to it); null without one. */
export function readSourceMap(script: ParsedScript): string | null {
  const url = script.sourceMapURL
  if (!url) {
    return null
  }
  const inline = inlineSourceMapText(url)
  if (inline !== null) {
    return inline
  }
  try {
    const mapUrl = new URL(url, fileUrlOf(script.url))
    return mapUrl.protocol === 'file:' ? readFileSync(fileURLToPath(mapUrl), 'utf8') : null
  }
  catch {
    return null
  }
}

/**
 * Where a position of the original (TypeScript) source is in the code Vite produced, through the
 * script's source map; the position itself when there is no map.
 */
export async function generatedPosition(script: ParsedScript, original: SourcePosition, originalFile: string): Promise<GeneratedPosition | null> {
  const map = readSourceMap(script)
  if (map === null) {
    return { lineNumber: original.line - 1, columnNumber: original.column - 1 }
  }
  const { TraceMap, generatedPositionFor, LEAST_UPPER_BOUND } = await import('@jridgewell/trace-mapping')
  const traced = new TraceMap(map, script.url)
  const name = originalFile.split(/[\\/]/).at(-1)!
  const source = traced.resolvedSources.find(candidate => candidate !== null && (candidate === originalFile || candidate.endsWith(`/${name}`)))
  if (!source) {
    return null
  }
  const position = generatedPositionFor(traced, { source, line: original.line, column: original.column - 1, bias: LEAST_UPPER_BOUND })
  return position.line === null ? null : { lineNumber: position.line - 1, columnNumber: position.column }
}
