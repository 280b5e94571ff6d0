import type { AsyncDebugReport } from '../../src/shared/report.js'
import type { VitestRun } from '../utils/run-vitest.js'
import { beforeAll, describe, expect, test } from 'vitest'
import { lineOf } from '../utils/fixture-source.js'
import { asyncDebugSection } from '../utils/normalize.js'
import { fixtureProject, runVitest } from '../utils/run-vitest.js'

const root = fixtureProject('scale')
const file = 'tests/many-timers.test.ts'

describe('counts stay true when the details are capped', () => {
  let run: VitestRun
  let report: AsyncDebugReport

  beforeAll(async () => {
    run = await runVitest(root, [file])
    report = run.report()
  })

  test('under the ledger\'s cap every leftover is counted by kind, and identical ones are listed once', () => {
    const timerLine = lineOf(root, file, '// one of a few timers')
    const entry = report.tests.find(test => test.name === 'leaves 1,500 timers and a server')!
    expect(entry.sessions[0]!.ledger).toMatchObject({ dropped: 0, leftRunningByKind: { timeout: 1500, server: 1 } })
    expect(asyncDebugSection(run.stdout, `${file} > leaves 1,500 timers and a server`)[1]).toMatch(new RegExp(
      `^   - Left 1,500 timers and 1 server running after it ended: a server \\(${file}:\\d+\\) that was still listening; `
      + `a timer \\(${file}:${timerLine}\\) that had not fired \\(19 of these\\); and 1,481 more\\.$`,
    ))
  })

  test('past the cap it says "at least" and how many resources it did not follow', () => {
    const entry = report.tests.find(test => test.name === 'leaves 10,000 timers')!
    const ledger = entry.sessions[0]!.ledger!
    // Vitest's own timeout timer for the test takes one of the places the ledger follows.
    const followed = ledger.leftRunningByKind.timeout!
    expect(followed).toBeGreaterThanOrEqual(1999)
    expect(followed + ledger.dropped).toBeGreaterThanOrEqual(10_000 - 1)
    expect(asyncDebugSection(run.stdout, `${file} > leaves 10,000 timers`)[1]).toBe(
      `   - Left at least ${followed.toLocaleString('en-US')} timers running after it ended: a timer (${file}:${lineOf(root, file, '// one of many timers')}) that had not fired (20 of these); and ${(followed - 20).toLocaleString('en-US')} more. `
      + `It created ${ledger.dropped.toLocaleString('en-US')} more resources than the ledger follows per test (maxOperationsPerSession); any of those may still be running too.`,
    )
  })
})
