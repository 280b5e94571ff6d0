import type { Reporter, TestModule } from 'vitest/node'
import { appendFileSync } from 'node:fs'

/**
 * Ends the output with a plain "N passed, N failed" line, which CI log readers recognise. With
 * CLOSING_LINE_TOTALS set, also appends the counts to that file, so .ci/run can add up several runs.
 */
export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const tests = modules.flatMap(module => [...module.children.allTests()])
    const count = (state: string): number => tests.filter(test => test.result().state === state).length
    // A file or suite whose hook failed counts as failed too: its tests are only "skipped".
    const brokenFiles = modules.filter(module => module.errors().length > 0).length
    const brokenSuites = modules.flatMap(module => [...module.children.allSuites()]).filter(suite => suite.errors().length > 0).length
    const counts = { passed: count('passed'), failed: count('failed') + brokenFiles + brokenSuites, skipped: count('skipped') }
    process.stdout.write(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`)
    const totals = process.env.CLOSING_LINE_TOTALS
    if (totals) {
      appendFileSync(totals, `${JSON.stringify({ stack: process.env.CLOSING_LINE_STACK ?? `Node ${process.versions.node}`, ...counts })}\n`)
    }
  }
}
