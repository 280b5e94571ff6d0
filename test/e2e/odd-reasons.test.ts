import type { AsyncDebugReport } from '../../src/shared/report.js'
import type { VitestRun } from '../utils/run-vitest.js'
import { beforeAll, describe, expect, test } from 'vitest'
import { asyncDebugSection } from '../utils/normalize.js'
import { fixtureProject, runVitest } from '../utils/run-vitest.js'

// Each test rejects or throws a value that is not an Error: nothing, null, a string, a number.
const root = fixtureProject('odd-reasons')

const cases = [
  { test: 'rejects with nothing', line: 'Unhandled Rejection Unknown Error: undefined' },
  { test: 'rejects with null', line: 'Unhandled Rejection Unknown Error: null' },
  { test: 'rejects with a string', line: 'Unhandled Rejection Unknown Error: text' },
  { test: 'rejects with a number', line: 'Unhandled Rejection Unknown Error: 42' },
  { test: 'throws a string from a timer', line: 'Uncaught Exception Unknown Error: timer text' },
]
const throwingImmediate = 'throws from an immediate two turns after it ends'

describe.each(['forks', 'threads'])('pool %s', (pool) => {
  let run: VitestRun
  let report: AsyncDebugReport

  beforeAll(async () => {
    run = await runVitest(root, ['--pool', pool])
    report = run.report()
  })

  test('every such error is owned by the test that made it', () => {
    expect(report.unhandledErrors.map(error => error.attribution.status === 'test' ? error.attribution.test.name : error.attribution.reason).sort())
      .toEqual([...cases.map(({ test }) => test), throwingImmediate].sort())
  })

  test('Vitest naming no test is not counted as blaming the wrong one', () => {
    expect(report.summary.unhandledErrorsAttributedToTests).toBe(6)
    expect(report.summary.unhandledErrorsMisattributedByVitest).toBe(0)
    expect(run.stdout).toContain(' ASYNC DEBUG  6 unhandled errors: 6 caused by a test; Vitest named no test for 5\n')
  })

  test.each(cases)('the block names the value and the test: $test', ({ test: name, line }) => {
    expect(asyncDebugSection(run.stdout, `tests/odd.test.ts > ${name}`)).toEqual([
      ` ✗ tests/odd.test.ts > ${name}`,
      `   ${line}`,
      '   caused by this test, while it was running',
      '   Vitest named no test',
    ])
  })

  test('a callback that throws leaves nothing behind: Node\'s own keep-alive immediate is not the test\'s', () => {
    const entry = report.tests.find(test => test.name === throwingImmediate)!
    expect(entry.sessions[0]!.ledger).toBeDefined()
    expect(entry.sessions[0]!.ledger?.leftRunning).toBeUndefined()
    expect(asyncDebugSection(run.stdout, `tests/odd.test.ts > ${throwingImmediate}`)).toEqual([
      ` ✗ tests/odd.test.ts > ${throwingImmediate}`,
      '   Uncaught Exception Error: two turns later',
      '   caused by this test, while it was running',
    ])
  })
})
