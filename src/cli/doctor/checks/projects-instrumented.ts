import type { DoctorCheck } from '../check.js'
import type { ConfigFacts, ProjectFacts } from '../load-config.js'
import { relative } from 'node:path'
import { PLUGIN_NAME } from '../../../shared/constants.js'
import { projectLabel } from '../load-config.js'

const title = 'Plugin in every project'
const importLine = `import asyncDebug from '${PLUGIN_NAME}'`

function list(projects: readonly ProjectFacts[]): string {
  return projects.map(projectLabel).join(', ')
}

function configName(config: ConfigFacts, root: string): string {
  return config.configFile ? relative(root, config.configFile) : 'vitest.config.ts'
}

function fixFor(config: ConfigFacts, root: string, missing: readonly ProjectFacts[], nodeProjects: readonly ProjectFacts[]): string {
  if (!config.configFile) {
    return `Create vitest.config.ts in ${root}:\n  import { defineConfig } from 'vitest/config'\n  ${importLine}\n  export default defineConfig({ plugins: [asyncDebug()] })`
  }
  const file = configName(config, root)
  if (missing.length === nodeProjects.length && !missing.some(project => project.name)) {
    return `Add asyncDebug() to the plugins in ${file}:\n  ${importLine}\n  export default defineConfig({ plugins: [asyncDebug()] })`
  }
  return `Add asyncDebug() to the plugins of ${list(missing)} (in its config, or in the root config with \`extends: true\` on the project, which then inherits the root plugins):\n  ${importLine}\n  plugins: [asyncDebug()]`
}

/**
 * Vitest calls the plugin's `configureVitest` for each project whose resolved plugins include it; a
 * project without it runs its tests untracked. Browser-mode projects are the browser-mode check's.
 */
export function checkProjectsInstrumented(config: ConfigFacts, root: string): DoctorCheck {
  const nodeProjects = config.projects.filter(project => !project.browser)
  const missing = nodeProjects.filter(project => project.plugins.length === 0)
  if (missing.length > 0) {
    const instrumented = nodeProjects.length - missing.length
    const where = config.configFile ? configName(config, root) : `no Vitest config file in ${root}`
    const detail = instrumented === 0
      ? `asyncDebug() is not in the plugins of ${nodeProjects.length > 1 || missing[0]?.name ? list(missing) : 'the config'} (${where}): no test runs in a tracked session`
      : `${list(missing)} ${missing.length === 1 ? 'has' : 'have'} no asyncDebug() in ${missing.length === 1 ? 'its' : 'their'} plugins: ${missing.length === 1 ? 'its' : 'their'} tests run untracked (${instrumented} of ${nodeProjects.length} projects have it)`
    return { id: 'projects-instrumented', status: 'fail', title, detail, fix: fixFor(config, root, missing, nodeProjects) }
  }
  const turnedOff = nodeProjects.filter(project => project.plugins.every(plugin => plugin.options?.enabled === false))
  if (turnedOff.length > 0) {
    return { id: 'projects-instrumented', status: 'warn', title, detail: `asyncDebug({ enabled: false }) turns the plugin off in ${list(turnedOff)}: nothing is tracked there`, fix: 'Remove `enabled: false` (or set it to true) where the tests should be tracked.' }
  }
  const twice = nodeProjects.filter(project => project.plugins.length > 1)
  if (twice.length > 0) {
    return { id: 'projects-instrumented', status: 'warn', title, detail: `asyncDebug() is listed twice in the plugins of ${list(twice)}: the first one is used and the second one's options are ignored`, fix: 'Keep one asyncDebug() per project (a project with `extends: true` already inherits the root one).' }
  }
  if (nodeProjects.length === 0) {
    return { id: 'projects-instrumented', status: 'pass', title, detail: 'no project runs tests in Node.js (see Browser mode)' }
  }
  const which = nodeProjects.length === 1 ? projectLabel(nodeProjects[0]!) : `all ${nodeProjects.length} projects (${list(nodeProjects)})`
  return { id: 'projects-instrumented', status: 'pass', title, detail: `asyncDebug() is in the resolved plugins of ${which} in ${configName(config, root)}` }
}
