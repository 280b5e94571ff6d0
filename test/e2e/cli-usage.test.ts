import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { runCli } from '../utils/run-cli.js'

const cwd = mkdtempSync(join(tmpdir(), 'vitest-async-debug-cli-'))

test.each([
  ['run', ['--debug-on-fail', '--dap[=port]', '--dap-wait', '--dashboard[=port]', 'Every other argument goes to Vitest']],
  ['watch', ['--dashboard[=port]', 'stay up across re-runs']],
  ['doctor', ['--root <dir>', '--json']],
  ['report', ['--html [file]', '--open', '--json', '--root <dir>']],
  ['merge', ['-o, --output <file>', '--html [file]']],
] as const)('%s --help shows the command\'s usage and every flag, and exits 0', async (command, expected) => {
  const result = await runCli([command, '--help'], { cwd })
  expect(result.exitCode).toBe(0)
  expect(result.stdout).toContain(`Usage:\n  $ vitest-async-debug ${command}`)
  for (const text of expected) {
    expect(result.stdout).toContain(text)
  }
})

test('with no command, the help lists every command', async () => {
  const result = await runCli([], { cwd })
  expect(result.exitCode).toBe(0)
  expect(result.stdout.match(/^ {2}(\w+)/gm)?.map(line => line.trim())).toEqual(expect.arrayContaining(['run', 'watch', 'doctor', 'report', 'merge']))
})

test('an unknown command exits 2 with the closest command and the usage', async () => {
  const result = await runCli(['mrege', 'a.json'], { cwd })
  expect(result.exitCode).toBe(2)
  expect(result.stderr.split('\n')[0]).toBe('vitest-async-debug: unknown command "mrege". Did you mean merge?')
  expect(result.stderr).toContain('Commands:')
  expect(result.stdout).toBe('')
})

test('an unknown flag of a command exits 2 with the closest flag and that command\'s usage', async () => {
  const result = await runCli(['doctor', '--jsn'], { cwd })
  expect(result.exitCode).toBe(2)
  expect(result.stderr.split('\n')[0]).toBe('vitest-async-debug doctor: unknown option --jsn. Did you mean --json?')
  expect(result.stderr).toContain('$ vitest-async-debug doctor')
})

test('run refuses a flag neither Vitest nor the plugin has, before Vitest starts', async () => {
  const result = await runCli(['run', '--debug-on-fial'], { cwd })
  expect(result.exitCode).toBe(2)
  expect(result.stderr.split('\n')[0]).toBe('vitest-async-debug run: unknown option --debug-on-fial (neither Vitest nor vitest-async-debug has it). Did you mean --debug-on-fail?')
  const vitestTypo = await runCli(['run', '--poool', 'threads'], { cwd })
  expect(vitestTypo.exitCode).toBe(2)
  expect(vitestTypo.stderr.split('\n')[0]).toContain('unknown option --poool (neither Vitest nor vitest-async-debug has it). Did you mean --pool?')
  expect(vitestTypo.stdout).not.toContain('RUN')
})

test('a port that is not one is refused with an example', async () => {
  const result = await runCli(['run', '--dashboard=http'], { cwd })
  expect(result.exitCode).toBe(2)
  expect(result.stderr.split('\n')[0]).toBe('vitest-async-debug run: --dashboard=http: the port must be a number from 1024 to 65535, e.g. --dashboard=51730')
})

test('merge without -o names the flag', async () => {
  const result = await runCli(['merge', 'a.json'], { cwd })
  expect(result.exitCode).toBe(2)
  expect(result.stderr.split('\n')[0]).toBe('vitest-async-debug merge: -o <file> is required: where to write the merged report, e.g. -o merged.json')
})

test('--version prints the version', async () => {
  const result = await runCli(['--version'], { cwd })
  expect(result.exitCode).toBe(0)
  expect(result.stdout).toMatch(/^vitest-async-debug\/\d+\.\d+\.\d+ /)
})
