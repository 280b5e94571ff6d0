import type { DoctorCheck } from '../check.js'
import type { ConfigLoad } from '../load-config.js'
import { relative } from 'node:path'
import { projectLabel } from '../load-config.js'

const title = 'Vitest config'

/** Whether Vitest resolves the config and its projects, as `vitest run` would. */
export function checkConfig(load: ConfigLoad, root: string): DoctorCheck {
  if (load.status === 'failed') {
    return { id: 'config', status: 'fail', title, detail: `Vitest could not load the config: ${load.message}`, fix: 'Fix the error Vitest names; `npx vitest run` shows it with its stack trace.' }
  }
  const { configFile, projects } = load.config
  const file = configFile ? relative(root, configFile) : 'no config file (Vitest\'s defaults)'
  const projectList = projects.length === 1 && !projects[0]!.name ? 'one project' : `${projects.length} projects: ${projects.map(project => project.name || projectLabel(project)).join(', ')}`
  return { id: 'config', status: 'pass', title, detail: `${file} loaded, ${projectList}` }
}
