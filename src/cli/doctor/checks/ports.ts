import type { ResolvedOptions } from '../../../plugin/options.js'
import type { DoctorCheck } from '../check.js'
import type { PortOwner } from '../port-owner.js'
import { createServer } from 'node:net'
import { resolveDashboardPort } from '../../../dashboard/server/dashboard-settings.js'
import { resolveDebugSettings } from '../../../debug/debug-settings.js'
import { DAP_FLAG, DASHBOARD_FLAG } from '../../../shared/constants.js'
import { findPortOwner } from '../port-owner.js'

const title = 'Debug ports'

/** Ports one of the plugin's servers prefers; each takes any free port when its own is taken. */
export interface PortPlan {
  what: string
  host: string
  ports: number[]
  /** How to choose another port. */
  fix: string
}

export type PortProbe =
  | { state: 'free' }
  | { state: 'in-use', owner: PortOwner | null }
  | { state: 'unusable', code: string }

/** The preferred ports as the plugin computes them from the options, whether or not the servers are on. */
export function plannedPorts(options: ResolvedOptions, workers: number): PortPlan[] {
  const serverOn = options.debugServer === false ? true : options.debugServer
  const { server } = resolveDebugSettings({ ...options, debugServer: serverOn }, [DAP_FLAG], {})
  if (!server?.dap) {
    throw new Error('the debug settings did not resolve a DAP gateway for --dap')
  }
  const dashboard = resolveDashboardPort(options.dashboard, [DASHBOARD_FLAG])!
  return [
    { what: 'DAP gateway, --dap', host: server.dap.host, ports: [server.dap.preferredPort], fix: 'another port: --dap=<port>, or asyncDebug({ debugServer: { dap: { port } } })' },
    { what: 'dashboard, --dashboard', host: '127.0.0.1', ports: [dashboard], fix: 'another port: --dashboard=<port>, or asyncDebug({ dashboard: { port } })' },
    // Worker n (Vitest's VITEST_POOL_ID, 1 to maxWorkers) prefers basePort + n.
    { what: 'worker inspectors, --debug-on-fail and debugServer', host: server.host, ports: Array.from({ length: workers }, (_, index) => server.basePort + 1 + index), fix: 'other ports: asyncDebug({ debugServer: { basePort } }) (worker n prefers basePort + n)' },
  ]
}

/** Whether the port can be listened on now (the plugin's servers bind first and fall back; this only looks). */
export function probePort(host: string, port: number): Promise<PortProbe> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', (error: NodeJS.ErrnoException) => {
      resolve(error.code === 'EADDRINUSE' ? { state: 'in-use', owner: findPortOwner(port) } : { state: 'unusable', code: error.code ?? error.message })
    })
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve({ state: 'free' })))
  })
}

function address(host: string, ports: readonly number[]): string {
  const shownHost = host.includes(':') ? `[${host}]` : host
  const ranges: string[] = []
  for (const port of ports) {
    const last = ranges.at(-1)
    const end = last ? Number(last.split('-').at(-1)) : Number.NaN
    if (last && port === end + 1) {
      ranges[ranges.length - 1] = `${last.split('-')[0]}-${port}`
    }
    else {
      ranges.push(String(port))
    }
  }
  return `${shownHost}:${ranges.join(', ')}`
}

function takenBy(probe: PortProbe): string {
  if (probe.state === 'in-use') {
    return probe.owner ? `in use by pid ${probe.owner.pid} (${probe.owner.command})` : 'in use'
  }
  return probe.state === 'unusable' ? `not usable (${probe.code})` : 'free'
}

export async function checkPorts(plans: readonly PortPlan[], probe: (host: string, port: number) => Promise<PortProbe> = probePort): Promise<DoctorCheck> {
  const problems: string[] = []
  const fixes: string[] = []
  const free: string[] = []
  for (const plan of plans) {
    const results = await Promise.all(plan.ports.map(async port => ({ port, probe: await probe(plan.host, port) })))
    const taken = results.filter(result => result.probe.state !== 'free')
    for (const { port, probe: result } of taken) {
      problems.push(`${address(plan.host, [port])} (${plan.what}) is ${takenBy(result)}`)
    }
    if (taken.length > 0) {
      fixes.push(`Free the port, or choose ${plan.fix}.`)
    }
    const freePorts = results.filter(result => result.probe.state === 'free').map(result => result.port)
    if (freePorts.length > 0) {
      free.push(`${address(plan.host, freePorts)} (${plan.what})`)
    }
  }
  const freeList = free.length > 0 ? `free: ${free.join('; ')}` : ''
  if (problems.length === 0) {
    return { id: 'ports', status: 'pass', title, detail: freeList }
  }
  return {
    id: 'ports',
    status: 'warn',
    title,
    detail: `${problems.join('; ')}: the server takes any free port instead, so its address changes from run to run (servers.json and the printed lines give it)${freeList ? `; ${freeList}` : ''}`,
    fix: fixes.join('\n'),
  }
}
