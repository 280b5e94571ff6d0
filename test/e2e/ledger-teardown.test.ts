import { describe, expect, test } from 'vitest'
import { lineOf } from '../utils/fixture-source.js'
import { asyncDebugBlock } from '../utils/normalize.js'
import { fixtureProject, runVitest } from '../utils/run-vitest.js'

const root = fixtureProject('ledger-teardown')
const listenLine = lineOf(root, 'tests/forgotten-server.test.ts', '// listen')

describe.each(['forks', 'threads'])('pool %s', (pool) => {
  test('a server a beforeAll hook opened and nothing closed is listed when its file ends, in the report and the terminal', async () => {
    const run = await runVitest(root, ['--pool', pool])
    const [file] = run.report().files
    expect(file?.teardown).toEqual([{
      owner: null,
      ownerScope: 'suite-hook',
      operation: expect.objectContaining({ kind: 'server', keepsProcessAlive: true, site: expect.objectContaining({ file: 'tests/forgotten-server.test.ts', line: listenLine }) }),
    }])
    expect(run.report().tests.map(test => test.diagnosis)).toEqual([[]])
    expect(asyncDebugBlock(run.stdout)).toBe([
      ' ASYNC DEBUG  1 file ended with hook-opened handles still open',
      '',
      ' ! tests/forgotten-server.test.ts (when the file ended)',
      `   - a server (tests/forgotten-server.test.ts:${listenLine}) that was still listening, opened by a beforeAll or afterAll hook, was still open.`,
      '',
      'vitest-async-debug report written to .vitest-async-debug/report.json',
      'vitest-async-debug HTML report written to .vitest-async-debug/report.html',
    ].join('\n'))
  })
})
