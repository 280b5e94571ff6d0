import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The stack the e2e suite runs projects on. By default the repository's own Vitest (4.1); with
 * `COMPAT_VITEST=5`, Vitest 5 from test/compat/vitest5 (`npm ci --prefix test/compat/vitest5`, on Node
 * 22 or newer). The outer runner stays the repository's Vitest either way; only the runs under test change.
 *
 * Either way the plugin is used as users get it: a copy of the built package in the node_modules of
 * test/compat/<stack> (global-setup.ts puts it there), and every project runs from a folder inside that
 * install, so `vitest`, `vitest/node` and `vitest-async-debug` resolve as they would in a user's project.
 */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
export const compatVitest = process.env.COMPAT_VITEST === '5'
/** The install projects run in. */
export const installRoot = join(repoRoot, 'test/compat', compatVitest ? 'vitest5' : 'vitest4')
const modulesRoot = join(installRoot, 'node_modules')
/** Dependencies the install takes from the repository's own node_modules (Vitest 4.1 only). */
export const linkedDependencies = ['vitest', 'vite', 'picocolors', 'tinypool', 'h3', 'srvx', 'rou3', 'ws', 'get-port', '@jridgewell/trace-mapping', 'jsdom', 'happy-dom', '@edge-runtime/vm']

/** Where projects written or copied for a run live. */
export const projectsRoot = join(installRoot, '.runs')

export const vitestBin = join(modulesRoot, 'vitest/vitest.mjs')
export const pluginRoot = join(modulesRoot, 'vitest-async-debug')
export const cliPath = join(pluginRoot, 'dist/cli/main.js')

function readVitestVersion(): string {
  const packageJson = join(compatVitest ? modulesRoot : join(repoRoot, 'node_modules'), 'vitest/package.json')
  return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version
}

export const vitestVersion = readVitestVersion()
export const vitestMajor = Number(vitestVersion.split('.')[0])

/** A dependency's folder in the install that runs the projects. */
export function dependencyPath(name: string): string {
  return join(modulesRoot, name)
}

/**
 * A folder for one project inside the install. Its own package.json gives it its own Vite cache folder
 * (`node_modules/.vite` next to the nearest package.json), so Vitest's timing cache from one run never
 * changes the order of files in another.
 */
export function newProjectFolder(name: string): string {
  const folder = join(projectsRoot, name)
  mkdirSync(folder, { recursive: true })
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'project-under-test', private: true, type: 'module' }))
  return folder
}

/** A fixture project (or the example) to run: a fresh copy inside the install, made once per test file. */
export function projectUnderTest(root: string): string {
  const copy = newProjectFolder(`${relative(repoRoot, root).replaceAll('/', '-')}-${randomUUID().slice(0, 8)}`)
  cpSync(root, copy, { recursive: true, filter: source => !/[/\\](node_modules|\.vitest-async-debug|\.vitest-reports|\.vitest)$/.test(source) })
  return copy
}

/** How Vitest names the test it blames for an unhandled error (the wording changed in Vitest 5). */
export function vitestBlameLine(testName: string): string {
  return vitestMajor >= 5
    ? `The last test to run before this error was "${testName}"`
    : `The latest test that might've caused the error is "${testName}"`
}

/** Where `--reporter=blob` writes and `--merge-reports` reads by default (moved to `.vitest/blob` in Vitest 5). */
export const blobFolder = vitestMajor >= 5 ? '.vitest/blob' : '.vitest-reports'

export function assertCompatInstalled(): void {
  if (compatVitest && !existsSync(join(modulesRoot, 'vitest/package.json'))) {
    throw new Error(`COMPAT_VITEST=5 needs Vitest 5 in ${relative(repoRoot, installRoot)}: run \`npm ci --prefix ${relative(repoRoot, installRoot)}\` on Node 22 or newer.`)
  }
}
