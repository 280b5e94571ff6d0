import type { DoctorCheck } from '../check.js'
import type { PluginRequirements } from '../package-facts.js'
import type { VitestInstall } from '../vitest-install.js'
import { PLUGIN_NAME } from '../../../shared/constants.js'
import { majorOf, satisfiesRange } from '../version-range.js'

/** When each release line stops getting fixes (nodejs.org/en/about/previous-releases). */
const END_OF_LIFE: Record<number, string> = {
  20: '2026-04-30',
  21: '2024-06-01',
  22: '2027-04-30',
  23: '2025-06-01',
  24: '2028-04-30',
  25: '2026-06-01',
  26: '2029-04-30',
}

const title = 'Node.js version'
const upgrade = 'Install Node.js 24 (LTS), or 22: nodejs.org, or your version manager (nvm install 24, fnm install 24, volta install node@24).'

export interface NodeVersionInput {
  node: string
  plugin: Pick<PluginRequirements, 'node'>
  vitest: Pick<VitestInstall, 'version' | 'nodeRange'> | null
  today: Date
}

export function checkNodeVersion({ node, plugin, vitest, today }: NodeVersionInput): DoctorCheck {
  if (satisfiesRange(node, plugin.node) === false) {
    return { id: 'node-version', status: 'fail', title, detail: `Node.js ${node} is older than ${PLUGIN_NAME} supports (${plugin.node})`, fix: upgrade }
  }
  if (vitest?.nodeRange && satisfiesRange(node, vitest.nodeRange) === false) {
    const otherVitest = majorOf(vitest.version) >= 5 ? ', or stay on Vitest 4.1 (npm install -D vitest@^4.1) until you can' : ''
    return { id: 'node-version', status: 'fail', title, detail: `Vitest ${vitest.version} supports Node.js ${vitest.nodeRange}, and this is ${node}`, fix: `${upgrade.replace(/\.$/, '')}${otherVitest}.` }
  }
  const supported = `supported by ${PLUGIN_NAME} (${plugin.node})${vitest?.nodeRange ? ` and by Vitest ${vitest.version} (${vitest.nodeRange})` : ''}`
  const major = majorOf(node)
  const endOfLife = END_OF_LIFE[major]
  if (endOfLife && today.toISOString().slice(0, 10) >= endOfLife) {
    return {
      id: 'node-version',
      status: 'warn',
      title,
      detail: `Node.js ${node} is ${supported}, but Node.js ${major} reached its end of life on ${endOfLife}: no more security fixes`,
      fix: `${upgrade} On Node.js 24 the plugin also costs less per await (AsyncContextFrame).`,
    }
  }
  return { id: 'node-version', status: 'pass', title, detail: `Node.js ${node} is ${supported}` }
}
