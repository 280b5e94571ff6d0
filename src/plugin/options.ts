import type { OperationKind } from '../shared/ledger.js'
import type { BlockingWatchdog, LeakPolicy, StackCapture } from '../shared/worker-options.js'
import { DEFAULT_EDITOR_LINK, DEFAULT_REPORT_FILE, PLUGIN_NAME } from '../shared/constants.js'
import { OPERATION_KINDS } from '../shared/ledger.js'
import { AsyncDebugError } from './errors.js'

/** Options of `asyncDebug()`. Every option is optional; the defaults are listed in docs/configuration.md. */
export interface AsyncDebugOptions {
  /**
   * Turn the plugin off without removing it from the config.
   * @default true
   */
  enabled?: boolean
  /**
   * Where the JSON run report is written, relative to the project root (or absolute). `false` writes none.
   * @default '.vitest-async-debug/report.json'
   */
  reportFile?: string | false
  /**
   * Print the diagnosis block and the "report written" line after Vitest's own output.
   * @default true
   */
  terminal?: boolean
  /**
   * Most events kept per session (each test attempt); later ones are only counted, as `droppedEvents`.
   * @default 200
   */
  maxEventsPerSession?: number
  /**
   * What work a test leaves running, or that runs after it ended, does: `'warn'` reports it,
   * `'error'` also fails the test that left it (or the run, when that test has already finished), `'off'` ignores it.
   * @default 'warn'
   */
  leaks?: LeakPolicy
  /**
   * Creation stacks: `'cheap'` for timers, sockets, processes and other handles (promises are not tracked),
   * `'full'` for every promise too (slow; use it to investigate), `'off'` for none.
   * @default 'cheap'
   */
  stackCapture?: StackCapture
  /**
   * Most async resources tracked per test attempt; further ones are only counted, as `dropped`.
   * @default 2000
   */
  maxOperationsPerSession?: number
  /**
   * Resource kinds never reported, e.g. `['promise']`.
   * @default []
   */
  ignoreKinds?: OperationKind[]
  /**
   * Resources created through a file whose path contains one of these strings are never reported, e.g. `['node_modules/pg-pool/']`.
   * @default []
   */
  ignorePaths?: string[]
  /**
   * With `stackCapture: 'cheap'` a timed-out test does not know which await it was stuck in. After
   * the run, up to this many timed-out tests are re-run once each, alone, in a separate Vitest
   * process with full stack capture, and the report says what the re-run found. `0` turns it off.
   * @default 3
   */
  timeoutReruns?: number
  /**
   * Open the V8 inspector in every worker and list the servers in `.vitest-async-debug/servers.json`.
   * `true`, or `{ basePort, host }`: each worker prefers port `basePort + pool id` (any free port when
   * that one is taken) on `host`. `--debug-on-fail` turns it on too.
   * @default false
   */
  debugServer?: boolean | DebugServerOptions
  /**
   * Pause a test that fails on its final attempt where it failed, for a debugger to attach. `true`, or
   * `{ waitTimeout, allowInCI }`. Also `vitest run -- --debug-on-fail` or `vitest-async-debug run --debug-on-fail`.
   * @default false
   */
  debugOnFail?: boolean | DebugOnFailOptions
  /**
   * The HTML report: one self-contained page (open it from disk) with the run, its tests, their
   * diagnoses and a timeline. `true` writes `report.html` next to the JSON report; a path (relative to
   * the project root, or absolute) writes it there; `false` writes none.
   * @default true
   */
  htmlReport?: boolean | string
  /**
   * How the page links a source site to an editor: `{file}` (absolute path), `{line}` and `{column}`
   * are filled in. For example `'idea://open?file={file}&line={line}'` or `'cursor://file/{file}:{line}:{column}'`.
   * @default 'vscode://file/{file}:{line}:{column}'
   */
  editorLink?: string
  /**
   * Serve the page live on 127.0.0.1 while the run goes on (one printed URL with a per-run token, also
   * in `servers.json`). `true`, or `{ port }` (any free port when taken). Also `--dashboard` and `--dashboard=<port>`.
   * @default false
   */
  dashboard?: boolean | DashboardOptions
  /**
   * What the plugin adds in CI. `github` (default: on when `GITHUB_ACTIONS` is `'true'`): each diagnosis
   * becomes an annotation at its source line (at most `maxAnnotations`, default 20), and a Markdown summary
   * is appended to `$GITHUB_STEP_SUMMARY`. See docs/ci.md.
   * @default {}
   */
  ci?: CiOptions
  /**
   * A test that fails on its last attempt records the variables in scope on its failing line in the test
   * file, and in the innermost frame of the project's own code when the failure was thrown deeper; they
   * are in the report and under the test in the terminal block. Also `--show-locals` on the command line.
   * @default false
   */
  locals?: boolean
  /**
   * The event-loop monitor: per test, the longest stretch the loop did not turn and how many stretches
   * lasted `countAt` ms or more; for each of at least `warnAt` ms, the function that held the thread.
   * `failAt` fails the test whose code blocked that long (0: never). `false` turns the monitor off.
   * @default { countAt: 50, warnAt: 200, failAt: 0, watchdog: 'after-first-block' }
   */
  blocking?: boolean | BlockingOptions
}

export interface BlockingOptions {
  /** Stretches of at least this many ms are counted. @default 50 */
  countAt?: number
  /** A stretch of at least this many ms is a diagnosis, with what held the thread. @default 200 */
  warnAt?: number
  /** A stretch of at least this many ms fails the test whose code it was; 0 never fails. @default 0 */
  failAt?: number
  /**
   * The watchdog thread reads the blocked thread's stack while a block lasts. Starting it costs about
   * 70 ms of CPU per worker (per test file with `isolate: true`), so by default a worker starts it after
   * its first block (whose length and test are still reported); `'always'` names every block, `'off'` none.
   * @default 'after-first-block'
   */
  watchdog?: BlockingWatchdog
}

/** The monitor's thresholds when `blocking` is `true` or leaves one out. */
export const DEFAULT_BLOCKING: Required<BlockingOptions> = { countAt: 50, warnAt: 200, failAt: 0, watchdog: 'after-first-block' }

export interface CiOptions {
  /** Annotations and a step summary for GitHub Actions. @default process.env.GITHUB_ACTIONS === 'true' */
  github?: boolean
  /** Most annotations one run prints; one line then says how many were left out. @default 20 */
  maxAnnotations?: number
}

export interface DashboardOptions {
  /** @default 51730 */
  port?: number
}

export interface DebugServerOptions {
  /** Worker `n` prefers port `basePort + n`. @default 9229 */
  basePort?: number
  /** Anything but a loopback address exposes the inspector (remote code execution) to the network. @default '127.0.0.1' */
  host?: string
  /**
   * A DAP server in the main process on which every worker is a thread (VS Code's `debugServer`,
   * nvim-dap's `server` adapters). `true`, or `{ port, waitForClient }`: port 4711 when free, else any
   * free port; `waitForClient` holds each test file until a DAP client has set its breakpoints.
   * Also `--dap`, `--dap=<port>` and `--dap-wait` on the command line.
   * @default false
   */
  dap?: boolean | DapOptions
}

export interface DapOptions {
  /** @default 4711 */
  port?: number
  /** @default false */
  waitForClient?: boolean
  /** Hold test files for a DAP client even when `CI` is set. @default false */
  allowInCI?: boolean
}

export interface DebugOnFailOptions {
  /** How long a paused worker waits for a debugger to attach, in ms, before it goes on. @default 300000 */
  waitTimeout?: number
  /** Wait for a debugger even when `CI` is set. @default false */
  allowInCI?: boolean
}

export type ResolvedOptions = Required<AsyncDebugOptions>

interface OptionSpec<K extends keyof AsyncDebugOptions> {
  default: ResolvedOptions[K]
  allowed: string
  /** What is wrong with a value, pointing at the element or key at fault; null when it is fine. */
  problem: (value: unknown) => string | null
}

type Check = (value: unknown) => string | null

const MAX_EVENTS_LIMIT = 100_000
const MAX_BASE_PORT = 65_000
const MAX_OPERATIONS_LIMIT = 1_000_000
const MAX_ANNOTATIONS_LIMIT = 1000
const MAX_BLOCK_MS = 600_000
/** Annotations printed per run when `ci.maxAnnotations` is not given. */
export const DEFAULT_MAX_ANNOTATIONS = 20

/** A whole-value check: no detail beyond "this value is not allowed". */
function whole(accepts: (value: unknown) => boolean): Check {
  return value => accepts(value) ? null : `got ${describeValue(value)}`
}

/** ". Did you mean "warn"?", or nothing. */
function suggestion(given: string, known: readonly string[]): string {
  const closest = closestName(given, known)
  return closest ? `. Did you mean ${JSON.stringify(closest)}?` : ''
}

function isOneOf(values: readonly string[]): Check {
  return value => typeof value === 'string' && values.includes(value)
    ? null
    : `got ${describeValue(value)}${typeof value === 'string' ? suggestion(value, values) : ''}`
}

function isArrayOf(check: Check): Check {
  return (value) => {
    if (!Array.isArray(value)) {
      return `got ${describeValue(value)}, not an array`
    }
    for (const [index, item] of value.entries()) {
      const problem = check(item)
      if (problem) {
        return `element [${index}] ${problem}`
      }
    }
    return null
  }
}

function isObjectWith(fields: Record<string, Check>): Check {
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return `got ${describeValue(value)}`
    }
    for (const [name, field] of Object.entries(value)) {
      const check = fields[name]
      if (!check) {
        return `has an unknown key \`${name}\`${suggestion(name, Object.keys(fields)).replace(/"/g, '`') || '.'}`
      }
      const problem = field === undefined ? null : check(field)
      if (problem) {
        return `key \`${name}\` ${problem}`
      }
    }
    return null
  }
}

function orBoolean(check: Check): Check {
  return value => typeof value === 'boolean' ? null : check(value)
}

function isWholeNumber(min: number, max: number): Check {
  return whole(value => Number.isInteger(value) && (value as number) >= min && (value as number) <= max)
}

/** A host the inspector can listen on: a name or an address, IPv6 without the brackets of a URL. */
function isHost(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') {
    return `got ${describeValue(value)}`
  }
  if (/^\[.*\]$/.test(value)) {
    return `got ${describeValue(value)}: write an IPv6 address without brackets, as ${JSON.stringify(value.slice(1, -1))}`
  }
  return /[\s/]/.test(value) ? `got ${describeValue(value)}, not a host name or address` : null
}

export const optionSpecs: { [K in keyof AsyncDebugOptions]-?: OptionSpec<K> } = {
  enabled: {
    default: true,
    allowed: 'true or false',
    problem: whole(value => typeof value === 'boolean'),
  },
  reportFile: {
    default: DEFAULT_REPORT_FILE,
    allowed: 'a non-empty path string, or false to write no report',
    problem: whole(value => value === false || (typeof value === 'string' && value.trim() !== '')),
  },
  terminal: {
    default: true,
    allowed: 'true or false',
    problem: whole(value => typeof value === 'boolean'),
  },
  maxEventsPerSession: {
    default: 200,
    allowed: `a whole number from 0 to ${MAX_EVENTS_LIMIT}`,
    problem: isWholeNumber(0, MAX_EVENTS_LIMIT),
  },
  leaks: {
    default: 'warn',
    allowed: `'off', 'warn' or 'error'`,
    problem: isOneOf(['off', 'warn', 'error']),
  },
  stackCapture: {
    default: 'cheap',
    allowed: `'cheap', 'full' or 'off'`,
    problem: isOneOf(['cheap', 'full', 'off']),
  },
  maxOperationsPerSession: {
    default: 2000,
    allowed: `a whole number from 1 to ${MAX_OPERATIONS_LIMIT}`,
    problem: isWholeNumber(1, MAX_OPERATIONS_LIMIT),
  },
  ignoreKinds: {
    default: [],
    allowed: `an array of resource kinds: ${OPERATION_KINDS.map(kind => `'${kind}'`).join(', ')}`,
    problem: isArrayOf(isOneOf(OPERATION_KINDS)),
  },
  ignorePaths: {
    default: [],
    allowed: 'an array of non-empty strings (parts of file paths)',
    problem: isArrayOf(whole(item => typeof item === 'string' && item !== '')),
  },
  timeoutReruns: {
    default: 3,
    allowed: 'a whole number from 0 to 100',
    problem: isWholeNumber(0, 100),
  },
  debugServer: {
    default: false,
    allowed: `true, false, or { basePort?: a whole number from 1024 to ${MAX_BASE_PORT}, host?: a host name or address of this machine, such as '127.0.0.1' or '::1', dap?: true, false or { port?: a whole number from 1024 to 65535, waitForClient?: true or false, allowInCI?: true or false } }`,
    problem: orBoolean(isObjectWith({
      basePort: isWholeNumber(1024, MAX_BASE_PORT),
      host: isHost,
      dap: orBoolean(isObjectWith({ port: isWholeNumber(1024, 65_535), waitForClient: whole(flag => typeof flag === 'boolean'), allowInCI: whole(flag => typeof flag === 'boolean') })),
    })),
  },
  debugOnFail: {
    default: false,
    allowed: 'true, false, or { waitTimeout?: milliseconds (a whole number from 1000 to 86400000), allowInCI?: true or false }',
    problem: orBoolean(isObjectWith({
      waitTimeout: isWholeNumber(1000, 86_400_000),
      allowInCI: whole(flag => typeof flag === 'boolean'),
    })),
  },
  htmlReport: {
    default: true,
    allowed: 'true (report.html next to the JSON report), false, or a non-empty path string ending in .html',
    problem: whole(value => typeof value === 'boolean' || (typeof value === 'string' && /\S.*\.html?$/i.test(value))),
  },
  editorLink: {
    default: DEFAULT_EDITOR_LINK,
    allowed: `a URL pattern with {file}, and optionally {line} and {column}, such as '${DEFAULT_EDITOR_LINK}'`,
    problem: whole(value => typeof value === 'string' && value.includes('{file}') && /^[a-z][a-z0-9+.-]*:/i.test(value)),
  },
  dashboard: {
    default: false,
    allowed: 'true, false, or { port?: a whole number from 1024 to 65535 }',
    problem: orBoolean(isObjectWith({ port: isWholeNumber(1024, 65_535) })),
  },
  ci: {
    default: {},
    allowed: `{ github?: true or false (default: on when GITHUB_ACTIONS is 'true'), maxAnnotations?: a whole number from 0 to ${MAX_ANNOTATIONS_LIMIT} (default ${DEFAULT_MAX_ANNOTATIONS}) }`,
    problem: isObjectWith({
      github: whole(flag => typeof flag === 'boolean'),
      maxAnnotations: isWholeNumber(0, MAX_ANNOTATIONS_LIMIT),
    }),
  },
  locals: {
    default: false,
    allowed: 'true or false',
    problem: whole(value => typeof value === 'boolean'),
  },
  blocking: {
    default: true,
    allowed: `true, false, or { countAt?: ms (a whole number from 1 to ${MAX_BLOCK_MS}, default ${DEFAULT_BLOCKING.countAt}), warnAt?: ms (from 1 to ${MAX_BLOCK_MS}, default ${DEFAULT_BLOCKING.warnAt}), failAt?: ms (0 to ${MAX_BLOCK_MS}; 0 never fails), watchdog?: 'always', 'after-first-block' or 'off' }`,
    problem: orBoolean(isObjectWith({
      countAt: isWholeNumber(1, MAX_BLOCK_MS),
      warnAt: isWholeNumber(1, MAX_BLOCK_MS),
      failAt: isWholeNumber(0, MAX_BLOCK_MS),
      watchdog: isOneOf(['always', 'after-first-block', 'off']),
    })),
  },
}

const optionNames = Object.keys(optionSpecs) as (keyof AsyncDebugOptions)[]

function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value)
  }
  if (Array.isArray(value)) {
    return 'an array'
  }
  if (typeof value === 'object' && value !== null) {
    return JSON.stringify(value)
  }
  return value === null ? 'null' : `${String(value)} (${typeof value})`
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1))
      diagonal = above
    }
  }
  return row[b.length]!
}

function closestName(name: string, known: readonly string[]): string | undefined {
  const extended = known.find(option => name.length >= 3 && option.toLowerCase().startsWith(name.toLowerCase()))
  if (extended) {
    return extended
  }
  const ranked = known
    .map(option => ({ option, distance: editDistance(name, option) }))
    .sort((a, b) => a.distance - b.distance)[0]
  return ranked && ranked.distance <= Math.max(2, Math.floor(name.length / 3)) ? ranked.option : undefined
}

/** Checks user options and fills in defaults; throws an `AsyncDebugError` naming the bad option. */
export function resolveOptions(options: unknown): ResolvedOptions {
  if (options === undefined) {
    options = {}
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new AsyncDebugError('ASYNC_DEBUG_INVALID_OPTION', `${PLUGIN_NAME}: asyncDebug(options) takes an object, got ${describeValue(options)}. Example: asyncDebug({ reportFile: '${DEFAULT_REPORT_FILE}' })`)
  }
  const given = options as Record<string, unknown>
  for (const name of Object.keys(given)) {
    if (!(name in optionSpecs)) {
      const suggestion = closestName(name, optionNames)
      throw new AsyncDebugError('ASYNC_DEBUG_UNKNOWN_OPTION', `${PLUGIN_NAME}: unknown option \`${name}\` (given ${describeValue(given[name])}).${suggestion ? ` Did you mean \`${suggestion}\`?` : ''} Known options: ${optionNames.join(', ')}.`)
    }
  }
  const resolved: Record<string, unknown> = {}
  for (const name of optionNames) {
    const spec = optionSpecs[name] as OptionSpec<typeof name>
    const value = given[name]
    if (value === undefined) {
      resolved[name] = spec.default
      continue
    }
    const problem = spec.problem(value)
    if (problem) {
      const allowed = problem.endsWith('.') || problem.endsWith('?') ? `${problem} Allowed:` : `${problem}; allowed:`
      throw new AsyncDebugError('ASYNC_DEBUG_INVALID_OPTION', `${PLUGIN_NAME}: option \`${name}\` ${allowed} ${spec.allowed} (default ${JSON.stringify(spec.default)}).`)
    }
    resolved[name] = value
  }
  return resolved as ResolvedOptions
}
