import type { DoctorCheck } from '../check.js'
import type { PluginRequirements } from '../package-facts.js'
import type { VitestInstall } from '../vitest-install.js'
import { PLUGIN_NAME } from '../../../shared/constants.js'
import { majorOf, satisfiesRange } from '../version-range.js'

const title = 'Vitest version'

export function checkVitestVersion(vitest: Pick<VitestInstall, 'version'> | null, plugin: Pick<PluginRequirements, 'vitest'>, root: string): DoctorCheck {
  if (!vitest) {
    return { id: 'vitest-version', status: 'fail', title, detail: `Vitest cannot be imported from ${root} (not installed there or in a folder above)`, fix: 'Install it in the project: npm install -D vitest' }
  }
  if (satisfiesRange(vitest.version, plugin.vitest) !== false) {
    return { id: 'vitest-version', status: 'pass', title, detail: `Vitest ${vitest.version} is supported (${plugin.vitest})` }
  }
  const newestSupported = Math.max(...plugin.vitest.split('||').map(part => majorOf(part.trim().replace(/^[\^~>=<]+/, ''))))
  if (majorOf(vitest.version) > newestSupported) {
    return { id: 'vitest-version', status: 'warn', title, detail: `Vitest ${vitest.version} is newer than the versions ${PLUGIN_NAME} supports (${plugin.vitest}): it may work, but it was not tested with it`, fix: `Update ${PLUGIN_NAME} (npm install -D ${PLUGIN_NAME}@latest), or use Vitest ${newestSupported}.` }
  }
  return { id: 'vitest-version', status: 'fail', title, detail: `Vitest ${vitest.version} is older than ${PLUGIN_NAME} supports (${plugin.vitest}): sessions need aroundEach, added in 4.1`, fix: 'Upgrade Vitest: npm install -D vitest@^4.1' }
}
