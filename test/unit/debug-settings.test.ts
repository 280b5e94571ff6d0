import { expect, test } from 'vitest'
import { resolveDebugSettings } from '../../src/debug/debug-settings.js'
import { resolveOptions } from '../../src/plugin/options.js'

test('debugging is off unless asked for', () => {
  expect(resolveDebugSettings(resolveOptions({}), ['node', 'vitest', 'run'], {})).toEqual({ server: null, onFail: null, notices: [] })
})

test('debugServer: true opens loopback servers from port 9229 + pool id', () => {
  expect(resolveDebugSettings(resolveOptions({ debugServer: true }), [], {})).toEqual({ server: { host: '127.0.0.1', basePort: 9229, dap: null }, onFail: null, notices: [] })
})

test('--debug-on-fail after `--` turns on debug-on-fail and the servers it needs', () => {
  expect(resolveDebugSettings(resolveOptions({}), ['node', 'vitest', 'run', '--', '--debug-on-fail'], {})).toEqual({
    server: { host: '127.0.0.1', basePort: 9229, dap: null },
    onFail: { waitTimeout: 300_000 },
    notices: [],
  })
})

test('in CI debug-on-fail waits for nobody unless allowInCI is given', () => {
  expect(resolveDebugSettings(resolveOptions({ debugOnFail: true }), [], { CI: 'true' })).toEqual({
    server: null,
    onFail: null,
    notices: ['debug-on-fail is off because CI is set: a paused test would wait for a debugger nobody attaches. Pass debugOnFail: { allowInCI: true } to wait anyway.'],
  })
  expect(resolveDebugSettings(resolveOptions({ debugOnFail: { allowInCI: true, waitTimeout: 2000 } }), [], { CI: '1' }).onFail).toEqual({ waitTimeout: 2000 })
  expect(resolveDebugSettings(resolveOptions({ debugOnFail: true }), [], { CI: 'false' }).onFail).toEqual({ waitTimeout: 300_000 })
})

test('a host that is not loopback is allowed, with a warning', () => {
  expect(resolveDebugSettings(resolveOptions({ debugServer: { host: '0.0.0.0' } }), [], {}).notices).toEqual([
    'debug servers listen on 0.0.0.0, not on a loopback address: anyone who can reach these ports can run code in your test workers.',
  ])
})

test('--dap starts the DAP gateway on 4711 (or the port given) and the per-worker servers it fronts; --dap-wait holds test files for a client', () => {
  expect(resolveDebugSettings(resolveOptions({}), ['node', 'vitest', 'run', '--', '--dap'], {}).server).toEqual({
    host: '127.0.0.1',
    basePort: 9229,
    dap: { host: '127.0.0.1', preferredPort: 4711, waitForClient: false },
  })
  expect(resolveDebugSettings(resolveOptions({}), ['--dap=5000', '--dap-wait'], {}).server?.dap).toEqual({ host: '127.0.0.1', preferredPort: 5000, waitForClient: true })
  expect(resolveDebugSettings(resolveOptions({ debugServer: { dap: { port: 6000, waitForClient: true } } }), [], {}).server?.dap).toEqual({ host: '127.0.0.1', preferredPort: 6000, waitForClient: true })
  expect(resolveDebugSettings(resolveOptions({ debugServer: { dap: false } }), [], {}).server?.dap).toBeNull()
})

test('a dap option that is not allowed names the key and what is allowed', () => {
  expect(() => resolveOptions({ debugServer: { dap: { port: 80 } } })).toThrow(/option `debugServer` key `dap` key `port` got 80 \(number\); allowed: .*dap\?: true, false or \{ port\?: a whole number from 1024 to 65535, waitForClient\?: true or false, allowInCI\?: true or false \}/)
  expect(() => resolveOptions({ debugServer: { dap: { wait: true } } })).toThrow(/key `dap` has an unknown key `wait`. Did you mean `waitForClient`\?/)
})

test('in CI --dap-wait does not hold test files for a client nobody attaches, unless allowInCI is given', () => {
  const inCI = resolveDebugSettings(resolveOptions({}), ['--dap', '--dap-wait'], { CI: 'true' })
  expect(inCI.server?.dap).toEqual({ host: '127.0.0.1', preferredPort: 4711, waitForClient: false })
  expect(inCI.notices).toEqual([
    'the DAP gateway does not hold test files for a client because CI is set: nobody attaches there. Pass debugServer: { dap: { waitForClient: true, allowInCI: true } } to wait anyway.',
  ])
  const forced = resolveDebugSettings(resolveOptions({ debugServer: { dap: { waitForClient: true, allowInCI: true } } }), [], { CI: 'true' })
  expect(forced.server?.dap?.waitForClient).toBe(true)
  expect(forced.notices).toEqual([])
})
