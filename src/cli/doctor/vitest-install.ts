import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

/** The Vitest a project at `root` runs with: what `import 'vitest/node'` finds from there. */
export interface VitestInstall {
  version: string
  /** `engines.node` of that Vitest, when it says. */
  nodeRange: string | null
  /** Absolute path of its `vitest/node` entry. */
  nodeEntry: string
}

/** Null when Vitest cannot be imported from `root` (not installed there or in a folder above). */
export function findVitest(root: string): VitestInstall | null {
  const require = createRequire(join(root, 'package.json'))
  let nodeEntry: string
  let packageJson: string
  try {
    nodeEntry = require.resolve('vitest/node')
    packageJson = require.resolve('vitest/package.json')
  }
  catch {
    return null
  }
  const json = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string, engines?: { node?: string } }
  return { version: json.version, nodeRange: json.engines?.node ?? null, nodeEntry }
}
