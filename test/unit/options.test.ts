import { expect, test } from 'vitest'
import { resolveOptions } from '../../src/plugin/options.js'

test('no options give the documented defaults', () => {
  expect(resolveOptions(undefined)).toEqual({
    enabled: true,
    reportFile: '.vitest-async-debug/report.json',
    terminal: true,
    maxEventsPerSession: 200,
    leaks: 'warn',
    stackCapture: 'cheap',
    maxOperationsPerSession: 2000,
    ignoreKinds: [],
    ignorePaths: [],
    timeoutReruns: 3,
    debugServer: false,
    debugOnFail: false,
  })
})

test('given options are kept', () => {
  const given = { reportFile: false, terminal: false, maxEventsPerSession: 0, enabled: false, leaks: 'error', stackCapture: 'full', maxOperationsPerSession: 10, ignoreKinds: ['promise', 'immediate'], ignorePaths: ['node_modules/pg/'], timeoutReruns: 0, debugServer: { basePort: 9400, host: 'localhost' }, debugOnFail: { waitTimeout: 5000, allowInCI: true } } as const
  expect(resolveOptions(given)).toEqual(given)
})

test.each([
  [{ leaks: 'fail' }, 'ASYNC_DEBUG_INVALID_OPTION', 'vitest-async-debug: option `leaks` got "fail"; allowed: \'off\', \'warn\' or \'error\' (default "warn").'],
  [{ ignoreKinds: ['timer'] }, 'ASYNC_DEBUG_INVALID_OPTION', 'vitest-async-debug: option `ignoreKinds` got an array; allowed: an array of resource kinds: \'promise\', \'timeout\', \'interval\', \'immediate\', \'socket\', \'server\', \'child-process\', \'file-handle\', \'watcher\', \'request\', \'worker\', \'other\' (default []).'],
  [{ maxEvents: 5 }, 'ASYNC_DEBUG_UNKNOWN_OPTION', 'vitest-async-debug: unknown option `maxEvents` (given 5 (number)). Did you mean `maxEventsPerSession`? Known options: enabled, reportFile, terminal, maxEventsPerSession, leaks, stackCapture, maxOperationsPerSession, ignoreKinds, ignorePaths, timeoutReruns, debugServer, debugOnFail.'],
  [{ colour: true }, 'ASYNC_DEBUG_UNKNOWN_OPTION', 'vitest-async-debug: unknown option `colour` (given true (boolean)). Known options: enabled, reportFile, terminal, maxEventsPerSession, leaks, stackCapture, maxOperationsPerSession, ignoreKinds, ignorePaths, timeoutReruns, debugServer, debugOnFail.'],
  [{ debugServer: { basePort: 80 } }, 'ASYNC_DEBUG_INVALID_OPTION', 'vitest-async-debug: option `debugServer` got {"basePort":80}; allowed: true, false, or { basePort?: a whole number from 1024 to 65000, host?: a non-empty host name or address } (default false).'],
  [{ debugOnFail: { wait: 5 } }, 'ASYNC_DEBUG_INVALID_OPTION', 'vitest-async-debug: option `debugOnFail` got {"wait":5}; allowed: true, false, or { waitTimeout?: milliseconds (a whole number from 1000 to 86400000), allowInCI?: true or false } (default false).'],
  [{ terminal: 'yes' }, 'ASYNC_DEBUG_INVALID_OPTION', 'vitest-async-debug: option `terminal` got "yes"; allowed: true or false (default true).'],
  [{ reportFile: '  ' }, 'ASYNC_DEBUG_INVALID_OPTION', 'vitest-async-debug: option `reportFile` got "  "; allowed: a non-empty path string, or false to write no report (default ".vitest-async-debug/report.json").'],
  [{ maxEventsPerSession: 2.5 }, 'ASYNC_DEBUG_INVALID_OPTION', 'vitest-async-debug: option `maxEventsPerSession` got 2.5 (number); allowed: a whole number from 0 to 100000 (default 200).'],
  [['reportFile'], 'ASYNC_DEBUG_INVALID_OPTION', 'vitest-async-debug: asyncDebug(options) takes an object, got an array. Example: asyncDebug({ reportFile: \'.vitest-async-debug/report.json\' })'],
])('%j is rejected with a message that names the option and the fix', (options, code, message) => {
  expect(() => resolveOptions(options)).toThrow(expect.objectContaining({ code, message }))
})
