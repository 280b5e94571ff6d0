import type { Protocol } from 'devtools-protocol'
import { readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { inlineSourceMapText } from '../../shared/inline-source-map.js'
import { generatedPositionFor, LEAST_UPPER_BOUND, originalPositionFor, TraceMap } from '@jridgewell/trace-mapping'

/** A position in a file as people read it: 1-based line and column, absolute path. */
export interface OriginalPosition {
  path: string
  line: number
  column: number
}

/** A position in the code V8 runs: 0-based, as CDP takes it. */
export interface GeneratedPosition {
  lineNumber: number
  columnNumber: number
}

function pathOfUrl(url: string): string | null {
  if (url.startsWith('file:')) {
    try {
      return fileURLToPath(url)
    }
    catch {
      return null
    }
  }
  return url.startsWith('/') ? url : null
}

function readMap(script: Protocol.Debugger.ScriptParsedEvent): string | null {
  const url = script.sourceMapURL
  if (!url) {
    return null
  }
  const inline = inlineSourceMapText(url)
  if (inline !== null) {
    return inline
  }
  try {
    const base = script.url.startsWith('file:') ? new URL(script.url) : pathToFileURL(script.url)
    const mapUrl = new URL(url, base)
    return mapUrl.protocol === 'file:' ? readFileSync(fileURLToPath(mapUrl), 'utf8') : null
  }
  catch {
    return null
  }
}

/**
 * One script V8 parsed, with its source map (Vite's inline map for a transformed module): turns
 * positions in the original files into positions in the script and back.
 */
export class ScriptMap {
  /** Absolute path of the script's own file, when it has one. */
  readonly path: string | null
  private traced: TraceMap | null | undefined
  private sourcePaths: Map<string, string> | undefined

  constructor(readonly script: Protocol.Debugger.ScriptParsedEvent) {
    this.path = pathOfUrl(script.url)
  }

  get scriptId(): string {
    return this.script.scriptId
  }

  private map(): TraceMap | null {
    if (this.traced === undefined) {
      const text = readMap(this.script)
      try {
        this.traced = text === null ? null : new TraceMap(text, this.script.url || undefined)
      }
      catch {
        this.traced = null
      }
    }
    return this.traced
  }

  /** Original file paths this script was made from (its own path when it has no map). */
  originalPaths(): string[] {
    return [...this.sources().keys()]
  }

  private sources(): Map<string, string> {
    if (!this.sourcePaths) {
      this.sourcePaths = new Map()
      const traced = this.map()
      if (traced) {
        for (const source of traced.resolvedSources) {
          const path = source === null ? null : pathOfUrl(source)
          if (path !== null && source !== null) {
            this.sourcePaths.set(path, source)
          }
        }
      }
      else if (this.path !== null) {
        this.sourcePaths.set(this.path, this.path)
      }
    }
    return this.sourcePaths
  }

  /** Where `line` (1-based) of the original file `path` runs in this script: the first position on or after it on that line. */
  generated(path: string, line: number, column = 1): GeneratedPosition | null {
    const source = this.sources().get(path)
    if (source === undefined) {
      return null
    }
    const traced = this.map()
    if (!traced) {
      return { lineNumber: line - 1, columnNumber: column - 1 }
    }
    const position = generatedPositionFor(traced, { source, line, column: column - 1, bias: LEAST_UPPER_BOUND })
    if (position.line === null) {
      return null
    }
    // LEAST_UPPER_BOUND may land on a later line of the source when this line has no code.
    const back = originalPositionFor(traced, { line: position.line, column: position.column })
    if (back.line !== line) {
      return null
    }
    return { lineNumber: position.line - 1, columnNumber: position.column }
  }

  /** The original position of a position in this script; the script's own position when it has no map. */
  original(position: GeneratedPosition): OriginalPosition | null {
    const traced = this.map()
    if (!traced) {
      return this.path === null ? null : { path: this.path, line: position.lineNumber + 1, column: position.columnNumber + 1 }
    }
    // Vitest wraps each module with a negative column offset: its first line starts left of column 0.
    const found = originalPositionFor(traced, { line: position.lineNumber + 1, column: Math.max(0, position.columnNumber) })
    const path = found.source === null ? null : pathOfUrl(found.source)
    return path === null || found.line === null ? null : { path, line: found.line, column: (found.column ?? 0) + 1 }
  }
}
