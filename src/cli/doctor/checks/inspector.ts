import type { ResolvedOptions } from '../../../plugin/options.js'
import type { DoctorCheck } from '../check.js'

const title = 'Inspector'

export interface InspectorFacts {
  /** `node:inspector` can be imported. */
  loads: boolean
  /** `process.features.inspector`: this Node.js was built with it. */
  built: boolean
}

export async function probeInspector(): Promise<InspectorFacts> {
  let loads = true
  try {
    await import('node:inspector')
  }
  catch {
    loads = false
  }
  return { loads, built: process.features.inspector }
}

/** Debug servers, --debug-on-fail and the DAP gateway open the V8 inspector in each worker. */
export function checkInspector(facts: InspectorFacts, options: Pick<ResolvedOptions, 'debugServer' | 'debugOnFail'>): DoctorCheck {
  if (facts.loads && facts.built) {
    return { id: 'inspector', status: 'pass', title, detail: 'node:inspector loads and this Node.js was built with it: --debug-on-fail, --dap and debugServer can open a debugger in each worker' }
  }
  const missing = facts.built ? 'node:inspector does not load' : 'this Node.js was built without the inspector (process.features.inspector is false)'
  const wanted = options.debugServer !== false || options.debugOnFail !== false
  return {
    id: 'inspector',
    status: wanted ? 'fail' : 'warn',
    title,
    detail: `${missing}: --debug-on-fail, --dap and debugServer cannot work${wanted ? ', and the options turn them on' : ''}; the report and the dashboard still do`,
    fix: 'Use a Node.js build that includes the inspector (the builds from nodejs.org, nvm or fnm do).',
  }
}
