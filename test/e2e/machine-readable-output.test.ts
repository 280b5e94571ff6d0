import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { fixtureProject, runVitest } from '../utils/run-vitest.js'
import { vitestMajor } from '../utils/stack.js'

// Leaves a server, an interval and a child process running, and rejects late: the block has lines to print.
const root = fixtureProject('ledger-leaks')

// Vitest 5 writes json and junit to files under .vitest/ unless the reporter is given `stdout: true`, in the config only.
writeFileSync(join(root, 'stdout-reporter.config.ts'), `
import { mergeConfig } from 'vitest/config'
import base from './vitest.config.ts'
export default mergeConfig(base, { test: { reporters: [[process.env.STDOUT_REPORTER, { stdout: true }]] } })
`)

function toStdout(name: string): [string[], { env: Record<string, string> }] {
  return vitestMajor >= 5
    ? [['--config', 'stdout-reporter.config.ts'], { env: { STDOUT_REPORTER: name } }]
    : [[`--reporter=${name}`], { env: {} }]
}

describe('a reporter that writes to stdout keeps stdout to itself', () => {
  test('json reporter on stdout: stdout is the JSON document, the diagnosis block and the report line go to stderr', async () => {
    const run = await runVitest(root, ...toStdout('json'))
    const results = JSON.parse(run.stdout) as { numTotalTests: number }
    expect(results.numTotalTests).toBe(run.report().summary.tests)
    expect(run.stderr).toContain(' ASYNC DEBUG ')
    expect(run.stderr).toContain('vitest-async-debug report written to .vitest-async-debug/report.json')
  })

  test('junit reporter on stdout: stdout is one XML document', async () => {
    const run = await runVitest(root, ...toStdout('junit'))
    expect(run.stdout.trim()).toMatch(/^<\?xml[^]*<\/testsuites>$/)
    expect(run.stderr).toContain(' ASYNC DEBUG ')
  })

  test('--reporter=tap-flat: every stdout line is TAP', async () => {
    const run = await runVitest(root, ['--reporter=tap-flat'])
    const lines = run.stdout.trim().split('\n')
    expect(lines[0]).toBe('TAP version 13')
    expect(lines.filter(line => !/^(?:TAP version|1\.\.\d|(?:not )?ok \d|\s|#)/.test(line))).toEqual([])
    expect(run.stderr).toContain(' ASYNC DEBUG ')
  })

  test('with an output file for the json reporter, the block stays on stdout next to the default reporter', async () => {
    const run = await runVitest(root, ['--reporter=default', '--reporter=json', '--outputFile.json=results.json'])
    expect(run.stdout).toContain(' ASYNC DEBUG ')
    expect(run.stderr).not.toContain(' ASYNC DEBUG ')
  })

  test.runIf(vitestMajor >= 5)('Vitest 5\'s json reporter writing its default file leaves the block on stdout', async () => {
    const run = await runVitest(root, ['--reporter=json'])
    expect(run.stdout).toContain('JSON report written to')
    expect(run.stdout).toContain(' ASYNC DEBUG ')
  })
})
