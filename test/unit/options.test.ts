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
    htmlReport: true,
    editorLink: 'vscode://file/{file}:{line}:{column}',
    dashboard: false,
    ci: {},
    locals: false,
    blocking: true,
  })
})

test('given options are kept', () => {
  const given = { reportFile: false, terminal: false, maxEventsPerSession: 0, enabled: false, leaks: 'error', stackCapture: 'full', maxOperationsPerSession: 10, ignoreKinds: ['promise', 'immediate'], ignorePaths: ['node_modules/pg/'], timeoutReruns: 0, debugServer: { basePort: 9400, host: 'localhost' }, debugOnFail: { waitTimeout: 5000, allowInCI: true }, htmlReport: 'out/run.html', editorLink: 'idea://open?file={file}&line={line}', dashboard: { port: 5000 }, ci: { github: true, maxAnnotations: 0 }, locals: true, blocking: { countAt: 20, warnAt: 100, failAt: 500, watchdog: 'always' } } as const
  expect(resolveOptions(given)).toEqual(given)
})

const ciAllowed = '{ github?: true or false (default: on when GITHUB_ACTIONS is \'true\'), maxAnnotations?: a whole number from 0 to 1000 (default 20) } (default {}).'
const blockingAllowed = 'true, false, or { countAt?: ms (a whole number from 1 to 600000, default 50), warnAt?: ms (from 1 to 600000, default 200), failAt?: ms (0 to 600000; 0 never fails), watchdog?: \'always\', \'after-first-block\' or \'off\' } (default true).'
const debugServerAllowed = 'true, false, or { basePort?: a whole number from 1024 to 65000, host?: a host name or address of this machine, such as \'127.0.0.1\' or \'::1\', dap?: true, false or { port?: a whole number from 1024 to 65535, waitForClient?: true or false, allowInCI?: true or false } } (default false).'

test.each([
  [{ leaks: 'fail' }, 'ASYNC_DEBUG_INVALID_OPTION', 'vitest-async-debug: option `leaks` got "fail"; allowed: \'off\', \'warn\' or \'error\' (default "warn").'],
  [{ ignoreKinds: ['timer'] }, 'ASYNC_DEBUG_INVALID_OPTION', 'vitest-async-debug: option `ignoreKinds` element [0] got "timer"; allowed: an array of resource kinds: \'promise\', \'timeout\', \'interval\', \'immediate\', \'socket\', \'server\', \'child-process\', \'file-handle\', \'watcher\', \'request\', \'worker\', \'other\' (default []).'],
  [{ ignoreKinds: ['interval', 'bogus'] }, 'ASYNC_DEBUG_INVALID_OPTION', 'vitest-async-debug: option `ignoreKinds` element [1] got "bogus"; allowed: an array of resource kinds: \'promise\', \'timeout\', \'interval\', \'immediate\', \'socket\', \'server\', \'child-process\', \'file-handle\', \'watcher\', \'request\', \'worker\', \'other\' (default []).'],
  [{ ignoreKinds: ['interval', 'immediat'] }, 'ASYNC_DEBUG_INVALID_OPTION', 'vitest-async-debug: option `ignoreKinds` element [1] got "immediat". Did you mean "immediate"? Allowed: an array of resource kinds: \'promise\', \'timeout\', \'interval\', \'immediate\', \'socket\', \'server\', \'child-process\', \'file-handle\', \'watcher\', \'request\', \'worker\', \'other\' (default []).'],
  [{ ignorePaths: ['fixtures/', ''] }, 'ASYNC_DEBUG_INVALID_OPTION', 'vitest-async-debug: option `ignorePaths` element [1] got ""; allowed: an array of non-empty strings (parts of file paths) (default []).'],
  [{ leaks: 'wrn' }, 'ASYNC_DEBUG_INVALID_OPTION', 'vitest-async-debug: option `leaks` got "wrn". Did you mean "warn"? Allowed: \'off\', \'warn\' or \'error\' (default "warn").'],
  [{ debugServer: { hots: '127.0.0.1' } }, 'ASYNC_DEBUG_INVALID_OPTION', `vitest-async-debug: option \`debugServer\` has an unknown key \`hots\`. Did you mean \`host\`? Allowed: ${debugServerAllowed}`],
  [{ debugServer: { host: '[::1]' } }, 'ASYNC_DEBUG_INVALID_OPTION', `vitest-async-debug: option \`debugServer\` key \`host\` got "[::1]": write an IPv6 address without brackets, as "::1"; allowed: ${debugServerAllowed}`],
  [{ maxEvents: 5 }, 'ASYNC_DEBUG_UNKNOWN_OPTION', 'vitest-async-debug: unknown option `maxEvents` (given 5 (number)). Did you mean `maxEventsPerSession`? Known options: enabled, reportFile, terminal, maxEventsPerSession, leaks, stackCapture, maxOperationsPerSession, ignoreKinds, ignorePaths, timeoutReruns, debugServer, debugOnFail, htmlReport, editorLink, dashboard, ci, locals, blocking.'],
  [{ colour: true }, 'ASYNC_DEBUG_UNKNOWN_OPTION', 'vitest-async-debug: unknown option `colour` (given true (boolean)). Known options: enabled, reportFile, terminal, maxEventsPerSession, leaks, stackCapture, maxOperationsPerSession, ignoreKinds, ignorePaths, timeoutReruns, debugServer, debugOnFail, htmlReport, editorLink, dashboard, ci, locals, blocking.'],
  [{ debugServer: { basePort: 80 } }, 'ASYNC_DEBUG_INVALID_OPTION', `vitest-async-debug: option \`debugServer\` key \`basePort\` got 80 (number); allowed: ${debugServerAllowed}`],
  [{ debugOnFail: { wait: 5 } }, 'ASYNC_DEBUG_INVALID_OPTION', 'vitest-async-debug: option `debugOnFail` has an unknown key `wait`. Did you mean `waitTimeout`? Allowed: true, false, or { waitTimeout?: milliseconds (a whole number from 1000 to 86400000), allowInCI?: true or false } (default false).'],
  [{ terminal: 'yes' }, 'ASYNC_DEBUG_INVALID_OPTION', 'vitest-async-debug: option `terminal` got "yes"; allowed: true or false (default true).'],
  [{ reportFile: '  ' }, 'ASYNC_DEBUG_INVALID_OPTION', 'vitest-async-debug: option `reportFile` got "  "; allowed: a non-empty path string, or false to write no report (default ".vitest-async-debug/report.json").'],
  [{ maxEventsPerSession: 2.5 }, 'ASYNC_DEBUG_INVALID_OPTION', 'vitest-async-debug: option `maxEventsPerSession` got 2.5 (number); allowed: a whole number from 0 to 100000 (default 200).'],
  [{ htmlReport: 'report.json' }, 'ASYNC_DEBUG_INVALID_OPTION', 'vitest-async-debug: option `htmlReport` got "report.json"; allowed: true (report.html next to the JSON report), false, or a non-empty path string ending in .html (default true).'],
  [{ editorLink: 'vscode://file/{path}' }, 'ASYNC_DEBUG_INVALID_OPTION', 'vitest-async-debug: option `editorLink` got "vscode://file/{path}"; allowed: a URL pattern with {file}, and optionally {line} and {column}, such as \'vscode://file/{file}:{line}:{column}\' (default "vscode://file/{file}:{line}:{column}").'],
  [{ dashboard: { prot: 5000 } }, 'ASYNC_DEBUG_INVALID_OPTION', 'vitest-async-debug: option `dashboard` has an unknown key `prot`. Did you mean `port`? Allowed: true, false, or { port?: a whole number from 1024 to 65535 } (default false).'],
  [{ ci: { github: 'auto' } }, 'ASYNC_DEBUG_INVALID_OPTION', `vitest-async-debug: option \`ci\` key \`github\` got "auto"; allowed: ${ciAllowed}`],
  [{ ci: { maxAnnotations: -1 } }, 'ASYNC_DEBUG_INVALID_OPTION', `vitest-async-debug: option \`ci\` key \`maxAnnotations\` got -1 (number); allowed: ${ciAllowed}`],
  [{ ci: { maxAnotations: 5 } }, 'ASYNC_DEBUG_INVALID_OPTION', `vitest-async-debug: option \`ci\` has an unknown key \`maxAnotations\`. Did you mean \`maxAnnotations\`? Allowed: ${ciAllowed}`],
  [{ ci: true }, 'ASYNC_DEBUG_INVALID_OPTION', `vitest-async-debug: option \`ci\` got true (boolean); allowed: ${ciAllowed}`],
  [{ locals: 'yes' }, 'ASYNC_DEBUG_INVALID_OPTION', 'vitest-async-debug: option `locals` got "yes"; allowed: true or false (default false).'],
  [{ blocking: { warnAt: 0 } }, 'ASYNC_DEBUG_INVALID_OPTION', `vitest-async-debug: option \`blocking\` key \`warnAt\` got 0 (number); allowed: ${blockingAllowed}`],
  [{ blocking: { watchdog: 'alway' } }, 'ASYNC_DEBUG_INVALID_OPTION', `vitest-async-debug: option \`blocking\` key \`watchdog\` got "alway". Did you mean "always"? Allowed: ${blockingAllowed}`],
  [{ blocking: { failAfter: 300 } }, 'ASYNC_DEBUG_INVALID_OPTION', `vitest-async-debug: option \`blocking\` has an unknown key \`failAfter\`. Did you mean \`failAt\`? Allowed: ${blockingAllowed}`],
  [['reportFile'], 'ASYNC_DEBUG_INVALID_OPTION', 'vitest-async-debug: asyncDebug(options) takes an object, got an array. Example: asyncDebug({ reportFile: \'.vitest-async-debug/report.json\' })'],
])('%j is rejected with a message that names the option and the fix', (options, code, message) => {
  expect(() => resolveOptions(options)).toThrow(expect.objectContaining({ code, message }))
})
