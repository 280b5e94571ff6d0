import type { AsyncDebugReport } from '../../src/shared/report.js'
import type { VitestRun } from '../utils/run-vitest.js'
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, test } from 'vitest'
import { lineOf } from '../utils/fixture-source.js'
import { asyncDebugBlock, asyncDebugSection } from '../utils/normalize.js'
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
    expect(entry.sessions[0]!.ledger?.dropped).toBeUndefined()
    expect(entry.sessions[0]!.ledger?.leftRunningByKind).toEqual({ timeout: 1500, server: 1 })
    expect(asyncDebugSection(run.stdout, `${file} > leaves 1,500 timers and a server`)[1]).toMatch(new RegExp(
      `^   - Left 1,500 timers and 1 server running after it ended: a server \\(${file}:\\d+\\) that was still listening; `
      + `19 timers \\(${file}:${timerLine}\\) that had not fired; and 1,481 more\\.$`,
    ))
  })

  test('past the cap it says "at least" and how many resources it did not follow', () => {
    const entry = report.tests.find(test => test.name === 'leaves 10,000 timers')!
    const ledger = entry.sessions[0]!.ledger!
    // Vitest's own timeout timer for the test takes one of the places the ledger follows.
    const followed = ledger.leftRunningByKind!.timeout!
    const dropped = ledger.dropped ?? 0
    expect(followed).toBeGreaterThanOrEqual(1999)
    expect(followed + dropped).toBeGreaterThanOrEqual(10_000 - 1)
    expect(asyncDebugSection(run.stdout, `${file} > leaves 10,000 timers`)[1]).toBe(
      `   - Left at least ${followed.toLocaleString('en-US')} timers running after it ended: 20 timers (${file}:${lineOf(root, file, '// one of many timers')}) that had not fired; and ${(followed - 20).toLocaleString('en-US')} more. `
      + `It created ${dropped.toLocaleString('en-US')} more resources than the ledger follows per test (maxOperationsPerSession); any of those may still be running too.`,
    )
  })
})

describe('the terminal block stays short and safe; the report stays proportionate', () => {
  let run: VitestRun
  let report: AsyncDebugReport
  let block: string
  let retried: VitestRun

  beforeAll(async () => {
    run = await runVitest(root, ['tests/many-leaking-tests.test.ts', 'tests/huge-message.test.ts', 'tests/odd-names.test.ts'])
    report = run.report()
    block = run.stdout.slice(run.stdout.indexOf(' ASYNC DEBUG '))
    retried = await runVitest(root, ['tests/retries.test.ts', 'tests/open-until-file-end.test.ts'])
  }, 120_000)

  test('at most 30 tests are shown, failed ones first, then how many more the report has', () => {
    const leaking = report.tests.filter(test => test.file === 'tests/many-leaking-tests.test.ts' && test.diagnosis.some(entry => entry.kind === 'left-running'))
    expect(leaking).toHaveLength(40)
    const shownTests = block.split('\n').filter(line => /^ [!✗] tests\//.test(line))
    expect(shownTests).toHaveLength(30)
    // The three failed tests (an unhandled error, a timeout, a failed assertion) come after 40 leaking ones in the report.
    expect(shownTests.filter(line => line.startsWith(' ✗'))).toHaveLength(3)
    expect(block).toContain('   … and 13 more tests with findings: see the JSON report')
  })

  test('a megabyte-long message is cut in the terminal and in the report, and marked', () => {
    const error = report.unhandledErrors.find(entry => entry.message.startsWith('huge: '))!
    expect(error).toMatchObject({ truncated: true, message: expect.stringMatching(/^huge: x{9994}… \[990,006 more characters not kept\]$/) })
    expect(error.stack!.length).toBeLessThan(20_100)
    const line = block.split('\n').find(text => text.includes('Unhandled Rejection Error: huge: '))!
    expect(line.length).toBeLessThan(600)
    expect(line).toMatch(/x… \([\d,]+ more characters in the report\)$/)
  })

  test('a finding repeated on every retry is said once, with the attempts', () => {
    const entry = retried.report().tests.find(test => test.name === 'leaves a timer and fails, on every attempt')!
    expect(entry.sessions.map(session => session.ledger?.leftRunningByKind)).toEqual([{ timeout: 1 }, { timeout: 1 }, { timeout: 1 }])
    expect(asyncDebugSection(retried.stdout, 'tests/retries.test.ts > leaves a timer and fails, on every attempt')[1]).toBe(
      `   - every attempt (3): Left running after it ended: a timer (tests/retries.test.ts:${lineOf(root, 'tests/retries.test.ts', '// left on every attempt')}) that had not fired.`,
    )
  })

  test('handles a test\'s late work left open until the file ended are one finding, not one per handle', () => {
    const section = asyncDebugSection(retried.stdout, 'tests/open-until-file-end.test.ts > leaves an interval that starts a timer on every tick')
    const atFileEnd = section.filter(line => line.includes('still open when its file ended'))
    expect(atFileEnd).toHaveLength(1)
    expect(atFileEnd[0]).toMatch(new RegExp(`^   - \\d+ timers \\(tests/open-until-file-end.test.ts:${lineOf(root, 'tests/open-until-file-end.test.ts', '// started after the test ended')}\\) that had not fired, opened by this test, were still open when its file ended\\.$`))
  })

  test('900 network tests: the block is short, leads with the site most tests share, and clean tests cost little in the report', async () => {
    const network = await runVitest(root, ['tests/network.test.ts'])
    expect(network.exitCode).toBe(0)
    const report = network.report()
    const routeTimer = lineOf(root, 'tests/network.test.ts', '// the report route\'s timer')
    const leaking = report.tests.filter(test => test.diagnosis.length > 0)
    expect(leaking.map(test => test.name)).toEqual(Array.from({ length: 90 }, (_, index) => `request ${index * 10}`))
    expect(new Set(leaking.map(test => test.diagnosis.map(entry => entry.message).join()))).toEqual(new Set([
      `Left running after it ended: a timer (tests/network.test.ts:${routeTimer}) that had not fired.`,
    ]))
    const block = asyncDebugBlock(network.stdout).split('\n')
    expect(block.slice(0, 5)).toEqual([
      ' ASYNC DEBUG  90 tests left work running',
      '',
      ' ! Where most findings come from',
      `   - left running tests/network.test.ts:${routeTimer}: 90 tests`,
      '',
    ])
    // The hint once, 30 tests of two lines, the closing count and the two "written to" lines: a minute's reading.
    expect(block.filter(line => line.startsWith('     ')).length).toBe(1)
    expect(block).toContain('   … and 60 more tests with findings: see the JSON report')
    expect(block.length).toBeLessThan(101)
    // A clean test is its line in the report: its entry and its one session, in a few hundred bytes.
    const lines = readFileSync(network.reportPath, 'utf8').split('\n')
    const clean = lines.filter(line => line.includes('"name":"request 1"'))
    expect(clean).toHaveLength(1)
    expect(clean[0]!.length).toBeLessThan(600)
  })

  test('a name with a NUL is re-run after its timeout; names never reach the terminal with their control characters', () => {
    const timedOut = report.tests.find(test => test.name === 'times out\0with a NUL in its name')!
    expect(timedOut.sessions[0]!.timeout?.rerun?.outcome).toBe('timed-out-again')
    expect(run.output).not.toContain('ERR_INVALID_ARG_VALUE')
    expect(block).not.toContain('\u001B[2J')
    expect(block).toContain(' ✗ tests/odd-names.test.ts > leaves a timer and fails, \\x1b[2J\\x1b[31mwith escape codes in its name\n')
    expect(block).toContain(' ✗ tests/odd-names.test.ts > times out\\x00with a NUL in its name\n')
  })
})
