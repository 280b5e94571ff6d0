import type { VitestRun } from '../utils/run-vitest.js'
import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { fixtureProject, runVitest } from '../utils/run-vitest.js'

const root = fixtureProject('invisible')

interface Run {
  vitest: VitestRun
  /** Each test's outcome and failure messages, as Vitest's json reporter wrote them, by `file > full name`. */
  outcomes: Record<string, string>
}

async function run(args: string[], env: Record<string, string>, name: string): Promise<Run> {
  const outputFile = join(root, `${name}.json`)
  const vitest = await runVitest(root, [...args, '--reporter=json', `--outputFile=${outputFile}`], { env, killAfterMs: 45_000 })
  return { vitest, outcomes: vitest.timedOut ? {} : outcomesIn(readFileSync(outputFile, 'utf8')) }
}

function outcomesIn(text: string): Record<string, string> {
  const json = JSON.parse(text) as { testResults: { name: string, assertionResults: { fullName: string, status: string, failureMessages: string[] }[] }[] }
  return Object.fromEntries(json.testResults.flatMap(file => file.assertionResults.map(result => [
    `${relative(root, file.name)} > ${result.fullName}`,
    [result.status, ...result.failureMessages].join('\n'),
  ])))
}

describe.each(['forks', 'threads'])('pool %s', (pool) => {
  let plain: Run
  let withPlugin: Run

  beforeAll(async () => {
    plain = await run(['--pool', pool], { ASYNC_DEBUG: 'off' }, `plain-${pool}`)
    withPlugin = await run(['--pool', pool], {}, `plugin-${pool}`)
  }, 120_000)

  test('every test passes without the plugin', () => {
    expect(plain.vitest.timedOut).toBe(false)
    expect(plain.vitest.exitCode).toBe(0)
    expect(Object.values(plain.outcomes)).toEqual(Object.keys(plain.outcomes).map(() => 'passed'))
  })

  test('with the plugin every test has the outcome it has without it', () => {
    expect(withPlugin.vitest.timedOut, `the run with the plugin was still going after 45 s:\n${withPlugin.vitest.output}`).toBe(false)
    expect(withPlugin.outcomes).toEqual(plain.outcomes)
    expect(withPlugin.vitest.exitCode).toBe(plain.vitest.exitCode)
  })

  test('with the plugin every test has its session, under fake timers and broken globals too', () => {
    const sessions = withPlugin.vitest.report().tests.map(test => `${test.file} > ${test.fullName}: ${test.sessions.length} session`)
    expect(sessions.sort()).toEqual(Object.keys(plain.outcomes).map(name => `${name}: 1 session`).sort())
  })
})
