import type { OperationKind } from '../shared/ledger.js'
import type { LeakPolicy, StackCapture } from '../shared/worker-options.js'
import { DEFAULT_REPORT_FILE, PLUGIN_NAME } from '../shared/constants.js'
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
}

export interface DebugServerOptions {
  /** Worker `n` prefers port `basePort + n`. @default 9229 */
  basePort?: number
  /** Anything but a loopback address exposes the inspector (remote code execution) to the network. @default '127.0.0.1' */
  host?: string
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
  accepts: (value: unknown) => boolean
}

const MAX_EVENTS_LIMIT = 100_000
const MAX_BASE_PORT = 65_000

function isObjectWith(fields: Record<string, (value: unknown) => boolean>): (value: unknown) => boolean {
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return false
    }
    return Object.entries(value).every(([name, field]) => field === undefined || fields[name]?.(field) === true)
  }
}
const MAX_OPERATIONS_LIMIT = 1_000_000

function isOneOf(values: readonly string[]): (value: unknown) => boolean {
  return value => typeof value === 'string' && values.includes(value)
}

function isArrayOf(check: (item: unknown) => boolean): (value: unknown) => boolean {
  return value => Array.isArray(value) && value.every(check)
}

export const optionSpecs: { [K in keyof AsyncDebugOptions]-?: OptionSpec<K> } = {
  enabled: {
    default: true,
    allowed: 'true or false',
    accepts: value => typeof value === 'boolean',
  },
  reportFile: {
    default: DEFAULT_REPORT_FILE,
    allowed: 'a non-empty path string, or false to write no report',
    accepts: value => value === false || (typeof value === 'string' && value.trim() !== ''),
  },
  terminal: {
    default: true,
    allowed: 'true or false',
    accepts: value => typeof value === 'boolean',
  },
  maxEventsPerSession: {
    default: 200,
    allowed: `a whole number from 0 to ${MAX_EVENTS_LIMIT}`,
    accepts: value => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_EVENTS_LIMIT,
  },
  leaks: {
    default: 'warn',
    allowed: `'off', 'warn' or 'error'`,
    accepts: isOneOf(['off', 'warn', 'error']),
  },
  stackCapture: {
    default: 'cheap',
    allowed: `'cheap', 'full' or 'off'`,
    accepts: isOneOf(['cheap', 'full', 'off']),
  },
  maxOperationsPerSession: {
    default: 2000,
    allowed: `a whole number from 1 to ${MAX_OPERATIONS_LIMIT}`,
    accepts: value => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_OPERATIONS_LIMIT,
  },
  ignoreKinds: {
    default: [],
    allowed: `an array of resource kinds: ${OPERATION_KINDS.map(kind => `'${kind}'`).join(', ')}`,
    accepts: isArrayOf(isOneOf(OPERATION_KINDS)),
  },
  ignorePaths: {
    default: [],
    allowed: 'an array of non-empty strings (parts of file paths)',
    accepts: isArrayOf(item => typeof item === 'string' && item !== ''),
  },
  timeoutReruns: {
    default: 3,
    allowed: 'a whole number from 0 to 100',
    accepts: value => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 100,
  },
  debugServer: {
    default: false,
    allowed: `true, false, or { basePort?: a whole number from 1024 to ${MAX_BASE_PORT}, host?: a non-empty host name or address }`,
    accepts: value => typeof value === 'boolean' || isObjectWith({
      basePort: port => Number.isInteger(port) && (port as number) >= 1024 && (port as number) <= MAX_BASE_PORT,
      host: host => typeof host === 'string' && host.trim() !== '',
    })(value),
  },
  debugOnFail: {
    default: false,
    allowed: 'true, false, or { waitTimeout?: milliseconds (a whole number from 1000 to 86400000), allowInCI?: true or false }',
    accepts: value => typeof value === 'boolean' || isObjectWith({
      waitTimeout: ms => Number.isInteger(ms) && (ms as number) >= 1000 && (ms as number) <= 86_400_000,
      allowInCI: flag => typeof flag === 'boolean',
    })(value),
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

function closestOption(name: string): string | undefined {
  const extended = optionNames.find(option => name.length >= 3 && option.toLowerCase().startsWith(name.toLowerCase()))
  if (extended) {
    return extended
  }
  const ranked = optionNames
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
      const suggestion = closestOption(name)
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
    if (!spec.accepts(value)) {
      throw new AsyncDebugError('ASYNC_DEBUG_INVALID_OPTION', `${PLUGIN_NAME}: option \`${name}\` got ${describeValue(value)}; allowed: ${spec.allowed} (default ${JSON.stringify(spec.default)}).`)
    }
    resolved[name] = value
  }
  return resolved as ResolvedOptions
}
