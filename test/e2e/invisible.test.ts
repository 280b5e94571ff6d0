import type { VitestRun } from '../utils/run-vitest.js'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { fixtureProject, runVitest } from '../utils/run-vitest.js'

const root = fixtureProject('invisible')

interface Run {
  exitCode: VitestRun['exitCode']
  /** Each test's outcome and failure messages, as Vitest's json reporter wrote them. */
  outcomes: Record<string, string>
}

async function run(args: string[], env: Record<string, string>, name: string): Promise<Run> {
  const outputFile = join(root, `${name}.json`)
  const { exitCode } = await runVitest(root, [...args, '--reporter=json', `--outputFile=${outputFile}`], { env })
  return { exitCode, outcomes: outcomesIn(readFileSync(outputFile, 'utf8')) }
}

function outcomesIn(text: string): Record<string, string> {
  const json = JSON.parse(text) as { testResults: { assertionResults: { fullName: string, status: string, failureMessages: string[] }[] }[] }
  return Object.fromEntries(json.testResults.flatMap(file => file.assertionResults.map(result => [result.fullName, [result.status, ...result.failureMessages].join('\n')])))
}

describe.each(['forks', 'threads'])('pool %s', (pool) => {
  let plain: Run
  let withPlugin: Run

  beforeAll(async () => {
    plain = await run(['--pool', pool], { ASYNC_DEBUG: 'off' }, `plain-${pool}`)
    withPlugin = await run(['--pool', pool], {}, `plugin-${pool}`)
  })

  test('every test passes without the plugin', () => {
    expect(plain.exitCode).toBe(0)
    expect(Object.values(plain.outcomes)).toEqual(Object.keys(plain.outcomes).map(() => 'passed'))
  })

  test('with the plugin every test has the outcome it has without it', () => {
    expect(withPlugin.outcomes).toEqual(plain.outcomes)
    expect(withPlugin.exitCode).toBe(plain.exitCode)
  })
})
