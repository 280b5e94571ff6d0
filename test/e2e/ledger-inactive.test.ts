import type { AsyncDebugReport } from '../../src/shared/report.js'
import { beforeAll, describe, expect, test } from 'vitest'
import { lineOf } from '../utils/fixture-source.js'
import { fixtureProject, runVitest } from '../utils/run-vitest.js'

// Handles that are open and ref'd but that Node would not wait for, next to one it would.
const root = fixtureProject('ledger-inactive')
const file = 'tests/inactive.test.ts'

describe.each(['forks', 'threads'])('pool %s', (pool) => {
  let report: AsyncDebugReport

  beforeAll(async () => {
    const run = await runVitest(root, ['--pool', pool])
    expect(run.exitCode).toBe(0)
    report = run.report()
  })

  const findings = (name: string): string[] => report.tests.find(test => test.name === name)!.diagnosis.map(entry => `${entry.kind}: ${entry.message}`)

  test('a child\'s stdin pipe and a socket that never connected are not work left running', () => {
    expect(findings('unrefs a child process and all its pipes but stdin, as process pools do')).toEqual([])
    expect(findings('starts a connection whose lookup never answers, as a request-mocking library might')).toEqual([])
  })

  test('a connected socket that reads is', () => {
    expect(findings('leaves a connected socket open')).toEqual([
      `left-running: Left running after it ended: a socket (${file}:${lineOf(root, file, '// the socket left open')}) that never received data.`,
    ])
  })
})
