import { describe, expect, test } from 'vitest'
import { fixtureProject, runVitest } from '../utils/run-vitest.js'

const root = fixtureProject('vitest-output')

/** Vitest's own output, without timings and without what the plugin adds after Vitest's summary. */
function vitestsOwnOutput(output: string): string {
  return output
    .split('\n ASYNC DEBUG ')[0]!
    .split('\n')
    .filter(line => !/^\s*(?:Start at|Duration)\s/.test(line))
    .map(line => line.replace(/\d+ms\b/g, '<n>ms'))
    .join('\n')
    .trimEnd()
}

describe.each(['forks', 'threads'])('pool %s', (pool) => {
  test('failures print exactly as without the plugin: no frame of the plugin\'s, the user\'s own stack filter kept', async () => {
    const plain = await runVitest(root, ['--pool', pool], { env: { ASYNC_DEBUG: 'off' } })
    const withPlugin = await runVitest(root, ['--pool', pool])
    expect(plain.output).toContain('Expect test to fail')
    expect(plain.output).not.toMatch(/hidden-helper\.ts:\d+/)
    expect(withPlugin.output).not.toMatch(/vitest-async-debug\/dist/)
    expect(vitestsOwnOutput(withPlugin.output)).toEqual(vitestsOwnOutput(plain.output))
    expect(withPlugin.exitCode).toBe(plain.exitCode)
  })
})
