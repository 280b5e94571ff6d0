import type { Reporter, TestModule } from 'vitest/node'
import { appendFileSync } from 'node:fs'
import { relative } from 'node:path'

interface Failure {
  name: string
  error: string
}

/**
 * Ends the output with a plain "N passed, N failed" line, which CI log readers recognise. With
 * CLOSING_LINE_TOTALS set, also appends the counts and the failures (name and first error line) to that
 * file, so .ci/run can add up several runs and name what failed where only the log's tail is kept.
 */
export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const tests = modules.flatMap(module => [...module.children.allTests()])
    const count = (state: string): number => tests.filter(test => test.result().state === state).length
    // A file or suite whose hook failed counts as failed too: its tests are only "skipped".
    const brokenFiles = modules.filter(module => module.errors().length > 0)
    const brokenSuites = modules.flatMap(module => [...module.children.allSuites()]).filter(suite => suite.errors().length > 0)
    const counts = { passed: count('passed'), failed: count('failed') + brokenFiles.length + brokenSuites.length, skipped: count('skipped') }
    process.stdout.write(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`)
    const totals = process.env.CLOSING_LINE_TOTALS
    if (totals) {
      const failures: Failure[] = [
        ...tests.filter(test => test.result().state === 'failed').map(test => failure(`${fileOf(test.module)} > ${test.fullName}`, test.result().errors)),
        ...brokenFiles.map(module => failure(fileOf(module), module.errors())),
        ...brokenSuites.map(suite => failure(`${fileOf(suite.module)} > ${suite.fullName}`, suite.errors())),
      ]
      const stack = process.env.CLOSING_LINE_STACK ?? `Node ${process.versions.node}`
      appendFileSync(totals, `${JSON.stringify({ stack, ...counts, failures })}\n`)
    }
  }
}

function fileOf(module: TestModule): string {
  return relative(process.cwd(), module.moduleId)
}

function failure(name: string, errors: ReadonlyArray<{ message?: string }> | undefined): Failure {
  const message = errors?.[0]?.message ?? 'no error message'
  return { name, error: message.split('\n').slice(0, 3).join(' ⏎ ').slice(0, 400) }
}
