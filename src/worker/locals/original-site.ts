import type { SourceSite } from '../../shared/ledger.js'
import type { ScriptInfo } from './script-files.js'
import { relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readSourceMap } from '../pause/generated-position.js'
import { runnerSourceMap } from './runner-source-map.js'

type TraceMap = import('@jridgewell/trace-mapping').TraceMap

function projectPath(root: string, file: string): string {
  const path = file.startsWith('file:') ? fileURLToPath(file) : file
  return relative(root, path).split(sep).join('/')
}

/** Source maps of the scripts seen in one file's tests, parsed once. */
export class OriginalSites {
  private readonly maps = new Map<string, TraceMap | null>()

  constructor(private readonly root: string) {}

  private async mapOf(script: ScriptInfo): Promise<TraceMap | null> {
    if (!this.maps.has(script.scriptId)) {
      const map = readSourceMap(script) ?? runnerSourceMap(script.url.startsWith('file:') ? fileURLToPath(script.url) : script.url)
      const { TraceMap } = await import('@jridgewell/trace-mapping')
      this.maps.set(script.scriptId, map === null ? null : new TraceMap(map as ConstructorParameters<typeof TraceMap>[0], script.url))
    }
    return this.maps.get(script.scriptId)!
  }

  /** Where a position of the code V8 runs is in the original (TypeScript) source: the script's map (or the module runner's), else the position itself. */
  async site(script: ScriptInfo, lineNumber: number, columnNumber: number, functionName: string): Promise<SourceSite> {
    const map = await this.mapOf(script)
    const fn = functionName === '' ? null : functionName
    if (map) {
      const { originalPositionFor } = await import('@jridgewell/trace-mapping')
      const original = originalPositionFor(map, { line: lineNumber + 1, column: columnNumber })
      if (original.source !== null && original.line !== null) {
        return { file: projectPath(this.root, original.source), line: original.line, column: original.column + 1, function: fn }
      }
    }
    return { file: projectPath(this.root, script.url), line: lineNumber + 1, column: columnNumber + 1, function: fn }
  }
}
