import type { DoctorCheck } from '../check.js'
import type { ConfigFacts } from '../load-config.js'
import { projectLabel } from '../load-config.js'

const title = 'Inspector flags'
const inspectFlag = /^--inspect(?:-brk|-wait)?(?:=|$)/

/** `--inspect=9229` → `--inspect`. */
function flagName(argument: string): string {
  return argument.split('=')[0]!
}

/** Splits NODE_OPTIONS as Node does for the simple cases (spaces; quotes are rare here). */
function nodeOptionsFlags(nodeOptions: string | undefined): string[] {
  return (nodeOptions ?? '').split(/\s+/).filter(argument => inspectFlag.test(argument))
}

/**
 * A user's own inspector flags make every worker open the V8 inspector by itself: on Node's default
 * port, where only one process gets it, and with `-brk` each worker stops until a debugger attaches.
 * The plugin's debug servers then reuse that inspector instead of giving each worker its own port.
 */
export function checkInspectorFlags(env: NodeJS.ProcessEnv, config: ConfigFacts | null): DoctorCheck {
  const found: string[] = []
  const fromEnv = nodeOptionsFlags(env.NODE_OPTIONS)
  if (fromEnv.length > 0) {
    found.push(`${[...new Set(fromEnv.map(flagName))].join(' ')} in NODE_OPTIONS (every Node.js process of the run: Vitest and each worker)`)
  }
  for (const project of config?.projects ?? []) {
    const flags = project.execArgv.filter(argument => inspectFlag.test(argument))
    if (flags.length > 0) {
      found.push(`${[...new Set(flags.map(flagName))].join(' ')} in the execArgv of ${projectLabel(project)}`)
    }
  }
  if (config?.inspector.enabled) {
    found.push(`Vitest's ${config.inspector.waitForDebugger ? 'inspectBrk' : 'inspect'} option (--${config.inspector.waitForDebugger ? 'inspect-brk' : 'inspect'})`)
  }
  if (found.length === 0) {
    return { id: 'inspector-flags', status: 'pass', title, detail: `no --inspect or --inspect-brk in NODE_OPTIONS${config ? ', in the execArgv of any project, or in Vitest\'s inspect options' : ''}` }
  }
  return {
    id: 'inspector-flags',
    status: 'warn',
    title,
    detail: `${found.join('; ')}: the workers open the V8 inspector themselves, which conflicts with the plugin's debug servers (--debug-on-fail, --dap, debugServer): they reuse that inspector instead of giving each worker its own port, and with --inspect-brk every worker waits for a debugger before its first test`,
    fix: 'Remove the flag and let the plugin open the debuggers: `vitest-async-debug run --debug-on-fail` (stops where a test fails), `--dap` (one Debug Adapter Protocol server for every worker), or asyncDebug({ debugServer: true }) (a port per worker, listed in .vitest-async-debug/servers.json).',
  }
}
