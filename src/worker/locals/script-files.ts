import { sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/** A script as V8 announces it (`Debugger.scriptParsed`); call frames carry only its id. */
export interface ScriptInfo {
  scriptId: string
  url: string
  sourceMapURL?: string
}

function pathOf(url: string): string {
  if (url.startsWith('file:')) {
    try {
      return fileURLToPath(url)
    }
    catch {
      return url
    }
  }
  return url
}

/** The files behind the scripts V8 has parsed, and which of them are the project's own code. */
export class ScriptFiles {
  private readonly scripts = new Map<string, ScriptInfo & { path: string }>()
  private readonly rootPrefix: string

  constructor(root: string) {
    this.rootPrefix = root.endsWith(sep) ? root : root + sep
  }

  parsed(script: ScriptInfo): void {
    if (script.url !== '' && !this.scripts.has(script.scriptId)) {
      this.scripts.set(script.scriptId, { scriptId: script.scriptId, url: script.url, sourceMapURL: script.sourceMapURL, path: pathOf(script.url) })
    }
  }

  script(scriptId: string): ScriptInfo | undefined {
    return this.scripts.get(scriptId)
  }

  path(scriptId: string): string | null {
    return this.scripts.get(scriptId)?.path ?? null
  }

  /** Under the root and not a dependency. */
  isProjectCode(path: string | null): boolean {
    return path !== null && path.startsWith(this.rootPrefix) && !path.includes(`${sep}node_modules${sep}`)
  }
}
