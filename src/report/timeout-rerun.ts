import type { TestCase, TestModule, Vitest } from 'vitest/node'
import type { TimeoutForensics, TimeoutRerun } from '../shared/ledger.js'
import type { AsyncDebugReport } from '../shared/report.js'
import type { TestMetaData } from '../shared/session.js'
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { distDir, escapeTestName } from 'vitest/node'
import { META_KEY, RERUN_ENV } from '../shared/constants.js'

/** What a re-run learned about one timed-out test. */
export interface RerunResult {
  rerun: TimeoutRerun
  timeout: TimeoutForensics | null
}

/** A generous bound: the test's own timeout, plus Vitest's start-up on a busy machine. */
const startupAllowanceMs = 60_000

function needsRerun(test: TestCase): boolean {
  const sessions = (test.meta() as Record<string, TestMetaData | undefined>)[META_KEY]?.sessions ?? []
  const timeout = sessions.at(-1)?.timeout
  return timeout !== undefined && timeout.capture === 'handles-only' && timeout.awaiting === null
}

/**
 * Vitest's `-t` matches the names of the test and its suites joined by spaces. Control characters are
 * written as `\xNN`: a process argument cannot hold a NUL, and the pattern means the same.
 */
function namePattern(test: TestCase): string {
  const names: string[] = [test.name]
  for (let parent = test.parent; parent.type === 'suite'; parent = parent.parent) {
    names.unshift(parent.name)
  }
  const escaped = escapeTestName(names.join(' '), false)
    .replace(/[\x00-\x1F\x7F]/g, character => `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`)
  return `^${escaped}$`
}

function runChild(args: string[], env: NodeJS.ProcessEnv, cwd: string, limitMs: number): Promise<{ code: number | null, output: string, timedOut: boolean }> {
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>
    try {
      child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    }
    catch (error) {
      resolve({ code: null, output: (error as Error).message, timedOut: false })
      return
    }
    let output = ''
    child.stdout!.on('data', (chunk: Buffer) => { output += chunk })
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk })
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      resolve({ code: null, output: error.message, timedOut: false })
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, output, timedOut: signal === 'SIGKILL' })
    })
  })
}

async function rerun(vitest: Vitest, module: TestModule, test: TestCase): Promise<RerunResult> {
  const started = Date.now()
  const reportFile = join(tmpdir(), `vitest-async-debug-rerun-${randomUUID()}.json`)
  const root = vitest.config.root
  const configFile = vitest.vite.config.configFile
  const args = [
    join(distDir, '..', 'vitest.mjs'),
    'run',
    relative(root, module.moduleId),
    '--root', root,
    '--testNamePattern', namePattern(test),
    '--pool', test.project.config.pool,
    ...(configFile ? ['--config', configFile] : []),
    ...(test.project.name ? ['--project', test.project.name] : []),
  ]
  // Not a GitHub Actions run of its own: its annotations and step summary would repeat the run's.
  const { GITHUB_ACTIONS: _actions, GITHUB_STEP_SUMMARY: _summary, ...inherited } = process.env
  const env = { ...inherited, [RERUN_ENV]: JSON.stringify({ reportFile }) }
  const limit = (test.options.timeout ?? test.project.config.testTimeout) + startupAllowanceMs
  const child = await runChild(args, env, root, limit)
  const durationMs = Date.now() - started
  try {
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as AsyncDebugReport
    const session = report.tests.find(entry => entry.id === test.id)?.sessions.at(-1)
    if (!session) {
      return { rerun: { outcome: 'could-not-run', durationMs, detail: 'the re-run did not run this test' }, timeout: null }
    }
    if (session.timeout) {
      return { rerun: { outcome: 'timed-out-again', durationMs, detail: 'the re-run timed out again and recorded where every promise was created' }, timeout: session.timeout }
    }
    const outcome = session.state === 'passed' ? 'passed' : 'failed'
    return { rerun: { outcome, durationMs, detail: `the re-run ${outcome} instead of timing out: the timeout does not happen every time` }, timeout: null }
  }
  catch {
    const why = child.timedOut ? `it did not finish within ${limit} ms` : `it exited with code ${child.code} and wrote no report`
    return { rerun: { outcome: 'could-not-run', durationMs, detail: `the re-run failed to start: ${why}` }, timeout: null }
  }
  finally {
    rmSync(reportFile, { force: true })
  }
}

/**
 * Cheap capture keeps no creation stacks for promises, so a timed-out test cannot say which await it
 * was stuck in. Each such test (up to `limit`) is run once more, alone, in a separate Vitest process
 * with full capture; the original run's results are untouched.
 */
export async function rerunTimedOutTests(vitest: Vitest, modules: ReadonlyArray<TestModule>, limit: number, onNext: (index: number, count: number, test: TestCase) => void = () => {}): Promise<Map<string, RerunResult>> {
  const results = new Map<string, RerunResult>()
  const candidates = modules.flatMap(module => [...module.children.allTests('failed')].filter(needsRerun).map(test => ({ module, test }))).slice(0, limit)
  for (const [index, { module, test }] of candidates.entries()) {
    onNext(index, candidates.length, test)
    results.set(test.id, await rerun(vitest, module, test))
  }
  return results
}
