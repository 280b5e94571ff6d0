import type { Reporter, TestModule } from 'vitest/node'

/** Ends the output with a plain "N passed, N failed" line, which CI log readers recognise. */
export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const tests = modules.flatMap(module => [...module.children.allTests()])
    const count = (state: string): number => tests.filter(test => test.result().state === state).length
    // A file or suite whose hook failed counts as failed too: its tests are only "skipped".
    const brokenFiles = modules.filter(module => module.errors().length > 0).length
    const brokenSuites = modules.flatMap(module => [...module.children.allSuites()]).filter(suite => suite.errors().length > 0).length
    process.stdout.write(`\ntests: ${count('passed')} passed, ${count('failed') + brokenFiles + brokenSuites} failed, ${count('skipped')} skipped\n`)
  }
}
