import type { Reporter, TestModule } from 'vitest/node'

/** Ends the output with a plain "N passed, N failed" line, which CI log readers recognise. */
export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const tests = modules.flatMap(module => [...module.children.allTests()])
    const count = (state: string): number => tests.filter(test => test.result().state === state).length
    const brokenFiles = modules.filter(module => module.errors().length > 0).length
    process.stdout.write(`\ntests: ${count('passed')} passed, ${count('failed') + brokenFiles} failed, ${count('skipped')} skipped\n`)
  }
}
