import type { ResolvedOptions } from '../plugin/options.js'
import { DEBUG_ON_FAIL_FLAG } from '../shared/constants.js'

const DEFAULT_BASE_PORT = 9229
const DEFAULT_HOST = '127.0.0.1'
const DEFAULT_WAIT_TIMEOUT_MS = 300_000

export interface DebugServerSettings {
  host: string
  basePort: number
}

export interface DebugOnFailSettings {
  waitTimeout: number
}

/** What the debug options, the command line and the environment add up to for this run. */
export interface DebugSettings {
  server: DebugServerSettings | null
  onFail: DebugOnFailSettings | null
  /** Lines for the user: a non-loopback host, or debug-on-fail switched off in CI. */
  notices: string[]
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1'])

export function isLoopbackHost(host: string): boolean {
  return loopbackHosts.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host)
}

function isCI(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false'
}

export function resolveDebugSettings(options: ResolvedOptions, argv: readonly string[], env: NodeJS.ProcessEnv): DebugSettings {
  const notices: string[] = []
  const onFailOption = options.debugOnFail
  const onFailWanted = onFailOption !== false || argv.includes(DEBUG_ON_FAIL_FLAG)
  const onFailGiven = typeof onFailOption === 'object' ? onFailOption : {}
  let onFail: DebugOnFailSettings | null = null
  if (onFailWanted && isCI(env) && onFailGiven.allowInCI !== true) {
    notices.push('debug-on-fail is off because CI is set: a paused test would wait for a debugger nobody attaches. Pass debugOnFail: { allowInCI: true } to wait anyway.')
  }
  else if (onFailWanted) {
    onFail = { waitTimeout: onFailGiven.waitTimeout ?? DEFAULT_WAIT_TIMEOUT_MS }
  }
  const serverOption = options.debugServer
  const serverGiven = typeof serverOption === 'object' ? serverOption : {}
  const server = serverOption !== false || onFail
    ? { host: serverGiven.host ?? DEFAULT_HOST, basePort: serverGiven.basePort ?? DEFAULT_BASE_PORT }
    : null
  if (server && !isLoopbackHost(server.host)) {
    notices.push(`debug servers listen on ${server.host}, not on a loopback address: anyone who can reach these ports can run code in your test workers.`)
  }
  return { server, onFail, notices }
}
