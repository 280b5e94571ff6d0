import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** Absolute path of a worker entry, from the built package or, when run from source, the TypeScript file. */
export function workerEntryPath(name: string): string {
  const built = fileURLToPath(new URL(`../worker/${name}.js`, import.meta.url))
  return existsSync(built) ? built : built.replace(/\.js$/, '.ts')
}

/** Absolute path of the package's own package.json. */
export function packageJsonPath(): string {
  return fileURLToPath(new URL('../../package.json', import.meta.url))
}

let cachedVersion: string | undefined

export function readPluginVersion(): string {
  cachedVersion ??= (JSON.parse(readFileSync(packageJsonPath(), 'utf8')) as { version: string }).version
  return cachedVersion
}

/** The built page (the HTML report's and the dashboard's client), the same from the package and from source. */
export function pageTemplatePath(): string {
  return fileURLToPath(new URL('../../dist/page/page.html', import.meta.url))
}
