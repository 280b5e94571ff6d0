import { readFileSync } from 'node:fs'
import { packageJsonPath } from '../../plugin/paths.js'

/** What this package says it needs, from its own package.json. */
export interface PluginRequirements {
  version: string
  /** `engines.node` */
  node: string
  /** `peerDependencies.vitest` */
  vitest: string
}

export function readPluginRequirements(): PluginRequirements {
  const json = JSON.parse(readFileSync(packageJsonPath(), 'utf8')) as { version: string, engines: { node: string }, peerDependencies: { vitest: string } }
  return { version: json.version, node: json.engines.node, vitest: json.peerDependencies.vitest }
}
