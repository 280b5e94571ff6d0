import type { SourceSite } from '../../shared/ledger.js'
import { dirname, isAbsolute, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/** A creation stack, captured unformatted; V8 formats it (through Vitest's source maps) on first read. */
export interface CapturedStack {
  stack?: string
  /**
   * For work Node creates in a callback of its own (a handle made once a DNS lookup answered), the stack of
   * the call that started it: the resource's own stack holds only Node's frames.
   */
  deferredFrom?: CapturedStack
}

export interface ParsedFrame {
  function: string | null
  file: string
  line: number
  column: number
}

/** What a creation stack says about its origin. */
export interface StackOrigin {
  frames: string[]
  site: SourceSite | null
  /** Created by Vitest itself (the first frame outside Node and this plugin is in Vitest). */
  machinery: boolean
  /** Files of the frames, for path exclusions. */
  files: string[]
  /**
   * Made by Node for itself: after an uncaught exception was handled (Vitest handles them), Node queues
   * an immediate to keep the loop turning. No user code asked for it, so it is no test's.
   */
  nodeOwn: boolean
}

/**
 * Frames kept per creation stack: Node adds four to six below the user's code for a timer, ten for a
 * socket, and nearly thirty for a socket that built-in `fetch` (undici) opens for the user's call.
 */
const captureDepth = { timer: 10, other: 16, socket: 48 } as const
// The plugin's build folder (dist/ or src/): its frames are never a creation site. The worker code
// may be bundled into dist/worker/worker-runtime.js, so the folder is found by name rather than by depth.
const thisFile = fileURLToPath(import.meta.url)
const workerFolderAt = thisFile.lastIndexOf(`${sep}worker${sep}`)
const pluginFolder = workerFolderAt === -1 ? `${dirname(thisFile)}${sep}` : thisFile.slice(0, workerFolderAt + 1)
const vitestFolders = [`${sep}node_modules${sep}vitest${sep}`, `${sep}node_modules${sep}@vitest${sep}`]
// A spy (`vi.spyOn(globalThis, 'fetch')`) passes the call through: its frame says nothing about who made the
// work. Vitest 4 loads it from @vitest/spy, Vitest 5 bundles it as a chunk of its own.
const spyFolders = [
  `${sep}node_modules${sep}@vitest${sep}spy${sep}`,
  `${sep}node_modules${sep}tinyspy${sep}`,
  `${sep}node_modules${sep}vitest${sep}dist${sep}chunks${sep}spy.`,
]

export function captureStack(below: (...args: never[]) => unknown, depth: keyof typeof captureDepth = 'other'): CapturedStack {
  const holder: CapturedStack = {}
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = captureDepth[depth]
  Error.captureStackTrace(holder, below)
  Error.stackTraceLimit = limit
  return holder
}

const framePattern = /^\s*at (?:async )?(?:(.*?) \()?(.+?):(\d+):(\d+)\)?$/

export function parseFrame(line: string): ParsedFrame | null {
  const match = framePattern.exec(line)
  if (!match) {
    return null
  }
  const [, name, location, row, column] = match as unknown as [string, string | undefined, string, string, string]
  const file = location.startsWith('file://') ? fileURLToPath(location) : location
  return { function: name ?? null, file, line: Number(row), column: Number(column) }
}

function isNodeInternal(file: string): boolean {
  return file.startsWith('node:') || !isAbsolute(file)
}

/** Whether the innermost frame outside Node of an error's stack is in the plugin's own code. */
export function thrownByPlugin(stack: unknown): boolean {
  for (const line of (typeof stack === 'string' ? stack : '').split('\n')) {
    const frame = parseFrame(line)
    if (frame && !isNodeInternal(frame.file)) {
      return frame.file.startsWith(pluginFolder)
    }
  }
  return false
}

/** A file of the project under test: not Node's, not a dependency's, not Vitest's or this plugin's. */
export function isProjectFile(file: string): boolean {
  return !isNodeInternal(file) && !file.startsWith(pluginFolder) && !file.includes(`${sep}node_modules${sep}`)
}

const nodeOwnWork = /^\s*at process\.(?:\S+ \[as _fatalException\]|_fatalException) \(node:internal\//m

function isVitest(file: string): boolean {
  return vitestFolders.some(folder => file.includes(folder))
}

function projectPath(root: string, file: string): string {
  const path = relative(root, file)
  return path.startsWith('..') ? file : path.split(sep).join('/')
}

/**
 * Reads a captured stack: the frames worth showing, the first project frame, and whether Vitest made it.
 * A stack with nothing but Node's frames stands for the call that started the work, when that is known.
 */
export function originOf(captured: CapturedStack, root: string): StackOrigin {
  const own = framesOf(captured, root)
  if (own.site !== null || own.machinery || !captured.deferredFrom) {
    return own
  }
  const started = originOf(captured.deferredFrom, root)
  return started.site === null ? own : started
}

function framesOf(captured: CapturedStack, root: string): StackOrigin {
  const frames: string[] = []
  const files: string[] = []
  let site: SourceSite | null = null
  let machinery: boolean | null = null
  for (const line of (captured.stack ?? '').split('\n')) {
    const frame = parseFrame(line)
    if (!frame || isNodeInternal(frame.file) || frame.file.startsWith(pluginFolder) || spyFolders.some(folder => frame.file.includes(folder))) {
      continue
    }
    machinery ??= isVitest(frame.file)
    if (isVitest(frame.file)) {
      continue
    }
    const file = projectPath(root, frame.file)
    files.push(frame.file)
    frames.push(`${frame.function ?? '<anonymous>'} (${file}:${frame.line}:${frame.column})`)
    if (!site && !frame.file.includes(`${sep}node_modules${sep}`)) {
      site = { file, line: frame.line, column: frame.column, function: frame.function }
    }
  }
  return { frames, site, machinery: machinery ?? false, files, nodeOwn: frames.length === 0 && nodeOwnWork.test(captured.stack ?? '') }
}
