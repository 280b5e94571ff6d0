import { cpSync, mkdirSync, rmSync, symlinkSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { assertCompatInstalled, compatVitest, dependencyPath, linkedDependencies, pluginRoot, projectsRoot, repoRoot } from './stack.js'

/** Once per outer run: installs the freshly built package next to the Vitest under test, as users get it. */
export default function setup(): void {
  assertCompatInstalled()
  rmSync(projectsRoot, { recursive: true, force: true })
  rmSync(pluginRoot, { recursive: true, force: true })
  for (const entry of ['package.json', 'dist', 'schema']) {
    cpSync(join(repoRoot, entry), join(pluginRoot, entry), { recursive: true })
  }
  if (compatVitest) {
    return
  }
  for (const name of linkedDependencies) {
    const link = dependencyPath(name)
    rmSync(link, { recursive: true, force: true })
    mkdirSync(dirname(link), { recursive: true })
    symlinkSync(join(repoRoot, 'node_modules', name), link)
  }
}
