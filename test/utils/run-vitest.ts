import type { AsyncDebugReport } from '../../src/shared/report.js'
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { onTestFinished } from 'vitest'
import { assertValidReport } from './report-schema.js'
import { newProjectFolder, projectUnderTest, repoRoot, vitestBin } from './stack.js'
import { unsitedHandles } from './unsited-operations.js'

export { repoRoot }
export const fixturesRoot = join(repoRoot, 'test/fixtures/projects')

/** A fixture project under test/fixtures/projects, as the Vitest under test runs it (see stack.ts). */
export function fixtureProject(name: string): string {
  return projectUnderTest(join(fixturesRoot, name))
}

export interface RunOptions {
  env?: Record<string, string | undefined>
  /** Called with the child once it has started, e.g. to send it a signal. */
  onStart?: (child: ReturnType<typeof spawn>, run: { output: () => string }) => void
  reportFile?: string
  /** What to run instead of `vitest run` (a script and its first arguments); `--root <root>` and `args` follow. */
  command?: string[]
  /** Kills the run (and everything it started) when it has not ended by then; `timedOut` says so. */
  killAfterMs?: number
}

export interface VitestRun {
  exitCode: number | null
  signal: NodeJS.Signals | null
  /** The run was still going after `killAfterMs` and was killed. */
  timedOut: boolean
  stdout: string
  stderr: string
  /** stdout and stderr together, in arrival order. */
  output: string
  reportPath: string
  hasReport: () => boolean
  /** The JSON report, validated against schema/report.schema.json; every handle in it has a creation site. */
  report: () => AsyncDebugReport
}

/**
 * Variables of the outer run that runs under test do not inherit (a test passes them when it wants them).
 * GITHUB_ACTIONS and GITHUB_STEP_SUMMARY would make every run in this repository's own GitHub job a GitHub run.
 */
const outerOnly = new Set(['TEST', 'NODE_ENV', 'CI', 'FORCE_COLOR', 'GITHUB_ACTIONS', 'GITHUB_STEP_SUMMARY'])

/** The environment of the outer Vitest worker, without the variables it sets for itself. */
function cleanEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('VITEST') && !outerOnly.has(key)) {
      env[key] = value
    }
  }
  for (const [key, value] of Object.entries({ NO_COLOR: '1', ...extra })) {
    if (value === undefined) {
      delete env[key]
    }
    else {
      env[key] = value
    }
  }
  return env
}

/** Runs the real Vitest CLI (`vitest run`) on a fixture project, in its own process group. */
export function runVitest(root: string, args: string[] = [], options: RunOptions = {}): Promise<VitestRun> {
  const reportPath = resolve(root, options.reportFile ?? '.vitest-async-debug/report.json')
  rmSync(reportPath, { force: true })
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...options.command ?? [vitestBin, 'run'], '--root', root, ...args], {
      cwd: root,
      env: cleanEnv(options.env ?? {}),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk
      output += chunk
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk
      output += chunk
    })
    child.on('error', reject)
    // A test that fails or times out must not leave its Vitest (and any paused worker) running.
    const killGroup = (): void => {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      }
      catch {}
    }
    try {
      onTestFinished(killGroup)
    }
    catch {
      // Called from a beforeAll hook: the run ends before its tests do.
    }
    options.onStart?.(child, { output: () => output })
    let timedOut = false
    const deadline = setTimeout(() => {
      timedOut = true
      killGroup()
    }, options.killAfterMs ?? 100_000)
    child.on('close', (exitCode, signal) => {
      clearTimeout(deadline)
      resolvePromise({
        exitCode,
        signal,
        timedOut,
        stdout,
        stderr,
        output,
        reportPath,
        hasReport: () => existsSync(reportPath),
        report: () => {
          const report = JSON.parse(readFileSync(reportPath, 'utf8')) as AsyncDebugReport
          assertValidReport(report)
          const unsited = unsitedHandles(report)
          if (unsited.length > 0) {
            throw new Error(`the report lists handles without a creation site:\n${unsited.join('\n')}`)
          }
          return report
        },
      })
    })
  })
}

/** Writes a throwaway project where `vitest` and `vitest-async-debug` resolve to the stack under test. */
export function writeProject(files: Record<string, string>): string {
  const root = newProjectFolder(randomUUID())
  for (const [path, content] of Object.entries(files)) {
    const file = join(root, path)
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, content)
  }
  onTestFinished(() => rmSync(root, { recursive: true, force: true }))
  return root
}

/** Waits until `predicate` holds for the text `read()` returns. */
export async function waitForOutput(read: () => string, predicate: (text: string) => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!predicate(read())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for output; got:\n${read()}`)
    }
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}
