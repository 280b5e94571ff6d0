import { describe, expect, test } from 'vitest'
import { fixtureProject, runVitest } from '../utils/run-vitest.js'

// Leaves a server, an interval and a child process running, and rejects late: the block has lines to print.
const root = fixtureProject('ledger-leaks')

describe('a reporter that writes to stdout keeps stdout to itself', () => {
  test('--reporter=json: stdout is the JSON document, the diagnosis block and the report line go to stderr', async () => {
    const run = await runVitest(root, ['--reporter=json'])
    const results = JSON.parse(run.stdout) as { numTotalTests: number }
    expect(results.numTotalTests).toBe(run.report().summary.tests)
    expect(run.stderr).toContain(' ASYNC DEBUG ')
    expect(run.stderr).toContain('vitest-async-debug report written to .vitest-async-debug/report.json')
  })

  test('--reporter=junit: stdout is one XML document', async () => {
    const run = await runVitest(root, ['--reporter=junit'])
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
})
