import type { DoctorResult } from '../../src/cli/doctor/check.js'
import type { ConfigFacts, ProjectFacts } from '../../src/cli/doctor/load-config.js'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pc from 'picocolors'
import { expect, onTestFinished, test } from 'vitest'
import { checkAsyncContext } from '../../src/cli/doctor/checks/async-context.js'
import { checkBrowserMode } from '../../src/cli/doctor/checks/browser-mode.js'
import { checkCi } from '../../src/cli/doctor/checks/ci.js'
import { checkInspectorFlags } from '../../src/cli/doctor/checks/inspector-flags.js'
import { checkNodeVersion } from '../../src/cli/doctor/checks/node-version.js'
import { checkProjectsInstrumented } from '../../src/cli/doctor/checks/projects-instrumented.js'
import { checkReportFolder } from '../../src/cli/doctor/checks/report-folder.js'
import { checkVitestVersion } from '../../src/cli/doctor/checks/vitest-version.js'
import { renderJson } from '../../src/cli/doctor/render-json.js'
import { renderText } from '../../src/cli/doctor/render-text.js'
import { satisfiesRange } from '../../src/cli/doctor/version-range.js'
import { resolveOptions } from '../../src/plugin/options.js'

const defaults = resolveOptions(undefined)
const plugin = { node: '>=20.19', vitest: '^4.1.0 || ^5.0.0' }
const vitest4 = { version: '4.1.12', nodeRange: '^20.0.0 || ^22.0.0 || >=24.0.0' }
const vitest5 = { version: '5.1.2', nodeRange: '^22.12.0 || ^24.0.0 || >=26.0.0' }
const december2026 = new Date('2026-12-02T12:00:00Z')

function project(name: string, facts: Partial<ProjectFacts> = {}): ProjectFacts {
  return { name, plugins: [{ options: defaults }], browser: false, execArgv: [], maxWorkers: undefined, ...facts }
}

function config(projects: ProjectFacts[], facts: Partial<ConfigFacts> = {}): ConfigFacts {
  return { configFile: '/app/vitest.config.ts', projects, inspector: { enabled: false, waitForDebugger: false }, maxWorkers: undefined, ...facts }
}

test('version ranges as engines and peer dependencies write them', () => {
  expect(satisfiesRange('v20.19.0', '>=20.19')).toBe(true)
  expect(satisfiesRange('v20.18.3', '>=20.19')).toBe(false)
  expect(satisfiesRange('v23.11.0', vitest5.nodeRange)).toBe(false)
  expect(satisfiesRange('v22.11.0', vitest5.nodeRange)).toBe(false)
  expect(satisfiesRange('v22.12.0', vitest5.nodeRange)).toBe(true)
  expect(satisfiesRange('v26.1.0', vitest5.nodeRange)).toBe(true)
  expect(satisfiesRange('4.0.18', plugin.vitest)).toBe(false)
  expect(satisfiesRange('5.0.0-beta.3', plugin.vitest)).toBe(true)
  expect(satisfiesRange('6.0.0', plugin.vitest)).toBe(false)
  expect(satisfiesRange('20.5.0', '>=20 <21')).toBe(true)
  expect(satisfiesRange('1.2.3', 'workspace:*')).toBeNull()
})

test('Node.js: older than the plugin or than Vitest fails, an end-of-life line warns, a current one passes', () => {
  expect(checkNodeVersion({ node: 'v20.18.0', plugin, vitest: vitest4, today: december2026 })).toMatchObject({
    status: 'fail',
    detail: 'Node.js v20.18.0 is older than vitest-async-debug supports (>=20.19)',
  })
  expect(checkNodeVersion({ node: 'v20.20.2', plugin, vitest: vitest5, today: december2026 })).toMatchObject({
    status: 'fail',
    detail: 'Vitest 5.1.2 supports Node.js ^22.12.0 || ^24.0.0 || >=26.0.0, and this is v20.20.2',
    fix: expect.stringContaining('or stay on Vitest 4.1 (npm install -D vitest@^4.1)'),
  })
  expect(checkNodeVersion({ node: 'v20.20.2', plugin, vitest: vitest4, today: december2026 })).toMatchObject({
    status: 'warn',
    detail: 'Node.js v20.20.2 is supported by vitest-async-debug (>=20.19) and by Vitest 4.1.12 (^20.0.0 || ^22.0.0 || >=24.0.0), but Node.js 20 reached its end of life on 2026-04-30: no more security fixes',
  })
  expect(checkNodeVersion({ node: 'v20.20.2', plugin, vitest: vitest4, today: new Date('2026-04-29T12:00:00Z') }).status).toBe('pass')
  expect(checkNodeVersion({ node: 'v24.22.3', plugin, vitest: vitest5, today: december2026 })).toEqual({
    id: 'node-version',
    status: 'pass',
    title: 'Node.js version',
    detail: 'Node.js v24.22.3 is supported by vitest-async-debug (>=20.19) and by Vitest 5.1.2 (^22.12.0 || ^24.0.0 || >=26.0.0)',
  })
})

test('Vitest: 4.1 and 5 pass, older fails, a newer major warns, none installed fails', () => {
  expect(checkVitestVersion({ version: '4.1.12' }, plugin, '/app').status).toBe('pass')
  expect(checkVitestVersion({ version: '5.1.2' }, plugin, '/app').status).toBe('pass')
  expect(checkVitestVersion({ version: '4.0.18' }, plugin, '/app')).toMatchObject({ status: 'fail', fix: 'Upgrade Vitest: npm install -D vitest@^4.1' })
  expect(checkVitestVersion({ version: '6.0.0' }, plugin, '/app')).toMatchObject({ status: 'warn', fix: 'Update vitest-async-debug (npm install -D vitest-async-debug@latest), or use Vitest 5.' })
  expect(checkVitestVersion(null, plugin, '/app')).toMatchObject({ status: 'fail', detail: 'Vitest cannot be imported from /app (not installed there or in a folder above)' })
})

test('plugin in every project: a project without it is named, with the import line to add', () => {
  const single = checkProjectsInstrumented(config([project('', { plugins: [] })]), '/app')
  expect(single).toEqual({
    id: 'projects-instrumented',
    status: 'fail',
    title: 'Plugin in every project',
    detail: 'asyncDebug() is not in the plugins of the config (vitest.config.ts): no test runs in a tracked session',
    fix: 'Add asyncDebug() to the plugins in vitest.config.ts:\n  import asyncDebug from \'vitest-async-debug\'\n  export default defineConfig({ plugins: [asyncDebug()] })',
  })
  const multi = checkProjectsInstrumented(config([project('api'), project('web', { plugins: [] }), project('ui', { browser: true, plugins: [] })]), '/app')
  expect(multi.status).toBe('fail')
  expect(multi.detail).toBe('project "web" has no asyncDebug() in its plugins: its tests run untracked (1 of 2 projects have it)')
  expect(multi.fix).toContain('Add asyncDebug() to the plugins of project "web"')
  expect(checkProjectsInstrumented(config([project('', { plugins: [] })], { configFile: undefined }), '/app').fix).toContain('Create vitest.config.ts in /app:')
  expect(checkProjectsInstrumented(config([project('api', { plugins: [{ options: { ...defaults, enabled: false } }] })]), '/app')).toMatchObject({ status: 'warn', detail: 'asyncDebug({ enabled: false }) turns the plugin off in project "api": nothing is tracked there' })
  expect(checkProjectsInstrumented(config([project('api', { plugins: [{ options: defaults }, { options: defaults }] })]), '/app').status).toBe('warn')
  expect(checkProjectsInstrumented(config([project('api'), project('web')]), '/app').detail).toBe('asyncDebug() is in the resolved plugins of all 2 projects (project "api", project "web") in vitest.config.ts')
})

test('browser mode: some projects warn, all of them fail', () => {
  expect(checkBrowserMode(config([project('api'), project('ui (chromium)', { browser: true })]))).toMatchObject({
    status: 'warn',
    detail: 'project "ui (chromium)" runs in browser mode: the plugin does not instrument browser tests (a browser has no async_hooks): its tests run untracked',
  })
  expect(checkBrowserMode(config([project('ui (chromium)', { browser: true })])).status).toBe('fail')
  expect(checkBrowserMode(config([project('api')])).status).toBe('pass')
})

test('inspector flags from NODE_OPTIONS, a project\'s execArgv and Vitest\'s inspect options warn', () => {
  expect(checkInspectorFlags({}, config([project('api')])).status).toBe('pass')
  expect(checkInspectorFlags({ NODE_OPTIONS: '--max-old-space-size=4096 --inspect-port=9300' }, null).status).toBe('pass')
  const warned = checkInspectorFlags({ NODE_OPTIONS: '--inspect=0 --enable-source-maps' }, config([project('api', { execArgv: ['--inspect-brk'] })], { inspector: { enabled: true, waitForDebugger: false } }))
  expect(warned.status).toBe('warn')
  expect(warned.detail).toMatch(/^--inspect in NODE_OPTIONS \(every Node\.js process of the run: Vitest and each worker\); --inspect-brk in the execArgv of project "api"; Vitest's inspect option \(--inspect\): the workers open the V8 inspector themselves/)
})

test('CI: the plugin\'s own reading of the environment decides, and allowInCI keeps the waits on', () => {
  expect(checkCi(defaults, {})).toMatchObject({ status: 'pass', detail: expect.stringMatching(/^CI is not set: not a CI run, so --debug-on-fail pauses a failing test until a debugger attaches \(up to 300 s\)/) })
  expect(checkCi(defaults, { CI: 'false' }).detail).toMatch(/^CI is "false": not a CI run/)
  expect(checkCi(defaults, { CI: 'true' })).toMatchObject({ status: 'pass', detail: 'CI is "true": a CI run, so --debug-on-fail and --dap-wait do not wait for a debugger (nobody attaches there); the run goes on and prints why' })
  expect(checkCi(defaults, { CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: '/tmp/summary.md' }).detail).toMatch(/; GitHub Actions: each diagnosis becomes an annotation at its source line \(at most 20\), and a summary is appended to \$GITHUB_STEP_SUMMARY$/)
  expect(checkCi({ ...defaults, ci: { github: true, maxAnnotations: 5 } }, {}).detail).toMatch(/; GitHub Actions: .*\(at most 5\) \(GITHUB_STEP_SUMMARY is not set: no step summary\)$/)
  expect(checkCi({ ...defaults, debugOnFail: { allowInCI: true, waitTimeout: 60_000 } }, { CI: '1' })).toMatchObject({
    status: 'warn',
    detail: 'CI is "1", but allowInCI keeps the waits on: --debug-on-fail pauses a failing test until a debugger attaches (up to 60 s)',
  })
})

test('async context: what the worker does in each mode of Node.js', () => {
  expect(checkAsyncContext({ contextFrame: true, hooksCanSkipPromises: true }, 'cheap', []).detail).toMatch(/^AsyncContextFrame: .* skips promises \(trackPromises: false\), so an await costs nothing extra$/)
  expect(checkAsyncContext({ contextFrame: false, hooksCanSkipPromises: false }, 'cheap', []).detail).toMatch(/^async_hooks: .*neither AsyncContextFrame nor createHook\(\{ trackPromises: false \}\)/)
  const full = checkAsyncContext({ contextFrame: true, hooksCanSkipPromises: true }, 'full', [project('api', { execArgv: ['--no-async-context-frame'] })])
  expect(full.detail).toContain('; stackCapture: \'full\' sends every promise through the hook')
  expect(full.detail).toContain('; project "api" passes an async-context-frame flag in execArgv')
})

function temporaryRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'doctor-unit-'))
  onTestFinished(() => rmSync(root, { recursive: true, force: true }))
  return root
}

test('report folder: writable or creatable, leaving nothing behind; a file in the way or a folder named as the report fails', () => {
  const root = temporaryRoot()
  expect(checkReportFolder(defaults, root)).toMatchObject({ status: 'pass', detail: '.vitest-async-debug/ does not exist yet and can be created (report.json, report.html)' })
  mkdirSync(join(root, '.vitest-async-debug'))
  expect(checkReportFolder(defaults, root).detail).toBe('.vitest-async-debug/ is writable (report.json, report.html)')
  expect(readdirSync(root, { recursive: true })).toEqual(['.vitest-async-debug'])
  writeFileSync(join(root, 'out'), '')
  expect(checkReportFolder({ reportFile: 'out/run/report.json', htmlReport: false }, root)).toMatchObject({ status: 'fail', detail: 'report.json cannot be written to out/run/: out is a file, not a folder' })
  expect(checkReportFolder({ reportFile: '.vitest-async-debug', htmlReport: false }, root)).toMatchObject({ status: 'fail', fix: 'Set reportFile to a file path, such as \'.vitest-async-debug/report.json\'.' })
  expect(checkReportFolder({ reportFile: false, htmlReport: false }, root).detail).toBe('reportFile and htmlReport are false: no report is written')
})

const sample: DoctorResult = {
  root: '/app',
  checks: [
    { id: 'vitest-version', status: 'pass', title: 'Vitest version', detail: 'Vitest 5.1.2 is supported (^4.1.0 || ^5.0.0)' },
    { id: 'ports', status: 'warn', title: 'Debug ports', detail: '127.0.0.1:4711 (DAP gateway, --dap) is in use', fix: 'Free the port, or choose another port.' },
    { id: 'config', status: 'fail', title: 'Vitest config', detail: 'Vitest could not load the config: Build failed\n  at vitest.config.ts:2', fix: 'Fix it.\n  Then run again.' },
  ],
  notChecked: { because: 'the config did not load', titles: ['Plugin options', 'Report folder'] },
}

test('text: a mark and the title per check, the reason on the same line, the fix indented, then the counts', () => {
  expect(renderText(sample, pc.createColors(false))).toBe(`vitest-async-debug doctor /app

✓ Vitest version: Vitest 5.1.2 is supported (^4.1.0 || ^5.0.0)
! Debug ports: 127.0.0.1:4711 (DAP gateway, --dap) is in use
    fix: Free the port, or choose another port.
✗ Vitest config: Vitest could not load the config: Build failed
      at vitest.config.ts:2
    fix: Fix it.
           Then run again.
- Not checked, because the config did not load: Plugin options, Report folder

1 passed, 1 warning, 1 failed
`)
})

test('JSON: one versioned document; ok is false when a check fails, true with warnings only', () => {
  const document = JSON.parse(renderJson(sample)) as Record<string, unknown>
  expect(document).toEqual({ schemaVersion: 1, tool: 'vitest-async-debug doctor', ok: false, root: '/app', checks: sample.checks })
  const warningsOnly = JSON.parse(renderJson({ ...sample, checks: sample.checks.slice(0, 2) })) as { ok: boolean, checks: { fix?: string }[] }
  expect(warningsOnly.ok).toBe(true)
  expect('fix' in warningsOnly.checks[0]!).toBe(false)
})
