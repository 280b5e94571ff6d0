import type { DapOptions, ResolvedOptions } from '../plugin/options.js'
import { DAP_FLAG, DAP_WAIT_FLAG, DEBUG_ON_FAIL_FLAG, DEFAULT_DAP_PORT } from '../shared/constants.js'

const DEFAULT_BASE_PORT = 9229
const DEFAULT_HOST = '127.0.0.1'
export const DEFAULT_WAIT_TIMEOUT_MS = 300_000

export interface DebugServerSettings {
  host: string
  basePort: number
  /** The DAP gateway, when it runs. */
  dap: DapSettings | null
}

export interface DapSettings {
  host: string
  preferredPort: number
  waitForClient: boolean
}

export interface DebugOnFailSettings {
  waitTimeout: number
}

/** What the debug options, the command line and the environment add up to for this run. */
export interface DebugSettings {
  server: DebugServerSettings | null
  onFail: DebugOnFailSettings | null
  /** Lines for the user: a non-loopback host, or a wait for a debugger switched off in CI. */
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
  const dap = resolveDap(serverGiven.dap, argv)
  if (dap?.waitForClient && isCI(env) && !(typeof serverGiven.dap === 'object' && serverGiven.dap.allowInCI === true)) {
    dap.waitForClient = false
    notices.push('the DAP gateway does not hold test files for a client because CI is set: nobody attaches there. Pass debugServer: { dap: { waitForClient: true, allowInCI: true } } to wait anyway.')
  }
  const server = serverOption !== false || onFail || dap
    ? { host: serverGiven.host ?? DEFAULT_HOST, basePort: serverGiven.basePort ?? DEFAULT_BASE_PORT, dap: dap ? { host: DEFAULT_HOST, ...dap } : null }
    : null
  if (server && !isLoopbackHost(server.host)) {
    notices.push(`debug servers listen on ${server.host}, not on a loopback address: anyone who can reach these ports can run code in your test workers.`)
  }
  return { server, onFail, notices }
}

/** `--dap`, `--dap=<port>`, `--dap-wait`, or the `dap` key of `debugServer`. */
function resolveDap(option: boolean | DapOptions | undefined, argv: readonly string[]): Omit<DapSettings, 'host'> | null {
  const flag = argv.find(argument => argument === DAP_FLAG || argument.startsWith(`${DAP_FLAG}=`))
  const waitFlag = argv.includes(DAP_WAIT_FLAG)
  if (!flag && !waitFlag && !option) {
    return null
  }
  const given = typeof option === 'object' ? option : {}
  const flagPort = flag?.startsWith(`${DAP_FLAG}=`) ? Number(flag.slice(DAP_FLAG.length + 1)) : null
  return {
    preferredPort: flagPort ?? given.port ?? DEFAULT_DAP_PORT,
    waitForClient: waitFlag || given.waitForClient === true,
  }
}
