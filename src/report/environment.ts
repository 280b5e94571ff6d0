import type { TestProject, Vitest } from 'vitest/node'
import type { EnvironmentCheck, EnvironmentInfo } from '../shared/report.js'
import type { ResolvedOptions } from '../plugin/options.js'
import { AsyncLocalStorage } from 'node:async_hooks'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { arch, availableParallelism, platform, release } from 'node:os'
import { basename, dirname, join } from 'node:path'

export interface UninstrumentedProject {
  name: string
  reason: string
}

function checkVitestVersion(version: string): EnvironmentCheck {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  const ok = major > 4 || (major === 4 && minor >= 1)
  return { id: 'vitest-version', ok, detail: ok ? `Vitest ${version} has aroundEach, which sessions need` : `Vitest ${version} is older than 4.1: upgrade with npm install -D vitest@^4.1` }
}

function checkReportFolder(reportPath: string | null): EnvironmentCheck {
  if (!reportPath) {
    return { id: 'report-folder-writable', ok: true, detail: 'reportFile is false: no report is written' }
  }
  const folder = dirname(reportPath)
  const probe = join(folder, `.write-check-${process.pid}`)
  try {
    mkdirSync(folder, { recursive: true })
    writeFileSync(probe, '')
    rmSync(probe)
    return { id: 'report-folder-writable', ok: true, detail: 'the report folder exists and is writable' }
  }
  catch (error) {
    return { id: 'report-folder-writable', ok: false, detail: `cannot write to the report folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): set the reportFile option to a writable path` }
  }
}

function environmentChecks(vitest: Vitest, reportPath: string | null, uninstrumented: UninstrumentedProject[]): EnvironmentCheck[] {
  return [
    checkVitestVersion(vitest.version),
    {
      id: 'async-context',
      ok: typeof AsyncLocalStorage === 'function',
      detail: 'AsyncLocalStorage is available: sessions follow the async work a test starts',
    },
    {
      id: 'inspector',
      ok: process.features.inspector,
      detail: process.features.inspector ? 'node:inspector is available: workers can open debug servers' : 'this Node.js was built without the inspector: debug servers cannot open',
    },
    checkReportFolder(reportPath),
    {
      id: 'projects-instrumented',
      ok: uninstrumented.length === 0,
      detail: uninstrumented.length === 0
        ? 'every project runs its tests in tracked sessions'
        : uninstrumented.map(project => `project "${project.name}": ${project.reason}`).join('; '),
    },
  ]
}

/** The worker count Vitest uses: the project's, else the run's, else its CPU-based default. */
function effectiveMaxWorkers(vitest: Vitest, project?: TestProject): number {
  const configured = project?.config.maxWorkers || vitest.config.maxWorkers
  if (configured) {
    return configured
  }
  const cpus = availableParallelism()
  return vitest.config.watch ? Math.max(Math.floor(cpus / 2), 1) : Math.max(cpus - 1, 1)
}

/** The `name` of the package.json in the Vitest root, else the root folder's name. */
function suiteName(root: string): string {
  try {
    const { name } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name?: unknown }
    if (typeof name === 'string' && name !== '') {
      return name
    }
  }
  catch {
    // No package.json, or not one we can read: the folder's name says which suite it is.
  }
  return basename(root)
}

export function describeEnvironment(vitest: Vitest, options: ResolvedOptions, pluginVersion: string, reportPath: string | null, uninstrumented: UninstrumentedProject[]): EnvironmentInfo {
  return {
    suite: suiteName(vitest.config.root),
    node: process.version,
    vitest: vitest.version,
    plugin: pluginVersion,
    os: { platform: platform(), release: release(), arch: arch() },
    projects: vitest.projects.map(project => ({ name: project.name, pool: project.config.pool, isolate: project.config.isolate, maxWorkers: effectiveMaxWorkers(vitest, project) })),
    maxWorkers: effectiveMaxWorkers(vitest),
    options: { ...options },
    checks: environmentChecks(vitest, reportPath, uninstrumented),
  }
}
