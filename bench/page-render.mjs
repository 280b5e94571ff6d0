// How fast the page (dist/page/page.html) shows a big run: a synthetic report of 10,000 tests, written as
// the HTML report is, opened from file:// in Chromium. Measures the time until the test list shows rows,
// and how long the text filter and the failed filter take until the list shows their result.
//
//   npm run build && node bench/page-render.mjs [--tests 10000] [--runs 3] [--out big-report.html]
// (--out keeps a copy of the page it measured, to look at.)
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { chromium } from 'playwright-core'

const { values } = parseArgs({ options: { tests: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' }, out: { type: 'string' } } })
const testCount = Number(values.tests)
const runs = Number(values.runs)
const repo = new URL('../', import.meta.url)
const templatePath = new URL('dist/page/page.html', repo)
const pageHtmlModule = new URL('dist/report/html/page-html.js', repo)
if (!existsSync(templatePath) || !existsSync(pageHtmlModule)) {
  throw new Error('run `npm run build` first: the bench needs dist/page/page.html and dist/report/html/page-html.js')
}
const { pageHtml } = await import(pageHtmlModule.href)

/** A deterministic pseudo-random sequence, so every run measures the same report. */
function random(seed) {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state / 2 ** 31
  }
}

function syntheticReport(count) {
  const next = random(7)
  const workers = 4
  const files = Math.max(1, Math.round(count / 50))
  const start = Date.UTC(2026, 0, 5, 9, 0, 0)
  const clocks = Array.from({ length: workers }, () => start)
  const tests = []
  const fileEntries = []
  const lateActivity = []
  const unhandledErrors = []
  const ref = (test, session) => ({ sessionId: session.id, testId: test.id, name: test.name, fullName: test.fullName, file: test.file, attempt: session.attempt })
  for (let f = 0; f < files; f++) {
    const file = `tests/area-${f % 17}/feature-${f}.test.ts`
    const lane = f % workers
    const worker = { pid: 4000 + lane, threadId: lane + 1, poolId: lane + 1, pool: 'threads' }
    const fileStart = clocks[lane]
    let previous = null
    const perFile = Math.round(count / files) + (f === files - 1 ? count - Math.round(count / files) * files : 0)
    for (let t = 0; t < perFile; t++) {
      const id = `${f}_${t}`
      const durationMs = Math.round(2 + next() ** 3 * 400)
      const failed = next() < 0.05
      const startedAt = clocks[lane] + 1
      const endedAt = startedAt + durationMs
      clocks[lane] = endedAt
      const name = `handles case ${t} of feature ${f} when the input is ${['empty', 'large', 'unicode', 'nested'][t % 4]}`
      const session = { id: `${id}#1`, attempt: 1, worker, retry: 0, repeat: 0, startedAt, endedAt, state: failed ? 'failed' : 'passed', ledger: { created: { promise: 3, timeout: 1 } } }
      const test = { id, file, project: '', name, fullName: `feature ${f} > ${name}`, state: session.state, durationMs, flaky: false, attempts: 1, errors: [], sessions: [session], diagnosis: [] }
      if (failed) {
        test.errors.push({ name: 'AssertionError', message: `expected ${t} to be ${t + 1}`, stack: `AssertionError: expected ${t} to be ${t + 1}\n    at ${file}:${t + 3}:12` })
      }
      if (next() < 0.03) {
        const site = { file: `src/module-${f % 23}.ts`, line: 10 + (t % 40), column: 5, function: 'startPolling' }
        const operation = { id: 900 + t, kind: 'interval', type: 'Timeout', site, stack: [`startPolling (${site.file}:${site.line}:5)`], ageMs: durationMs, keepsProcessAlive: true, callbacks: 0, bytesRead: null, listensTo: null, hint: 'An interval was started in this test and never cleared.' }
        session.ledger.leftRunning = [operation]
        session.ledger.leftRunningByKind = { interval: 1 }
        test.diagnosis.push({ kind: 'left-running', attempt: 1, site, hint: operation.hint, message: `Left running after it ended: an interval (${site.file}:${site.line}) that was never cleared.` })
        previous = { test, session, operation }
      }
      else if (previous && next() < 0.3) {
        lateActivity.push({ owner: ref(previous.test, previous.session), operation: previous.operation, event: 'callback', count: 3, msAfterEnd: startedAt - previous.session.endedAt + 1, during: ref(test, session), duringFile: file })
        test.diagnosis.push({ kind: 'received-late-activity', attempt: 1, lateActivity: lateActivity.length - 1, message: `Work of "${previous.test.fullName}" ran during this test, after that test ended: see that test.` })
        if (next() < 0.2) {
          unhandledErrors.push({
            type: 'Uncaught Exception',
            name: 'TypeError',
            message: `cannot read properties of undefined (reading 'id') in feature ${f}`,
            stack: `TypeError: cannot read properties of undefined\n    at ${previous.operation.site.file}:${previous.operation.site.line}:7`,
            surfacedIn: file,
            vitestBlamed: test.name,
            attribution: { status: 'test', test: ref(previous.test, previous.session), phase: 'after-test', msAfterTestEnded: startedAt - previous.session.endedAt + 1, surfacedDuring: [ref(test, session)], operation: null, vitestAgrees: false, explanation: `Created by "${previous.test.fullName}" and surfaced while "${test.fullName}" was running.` },
          })
        }
        previous = null
      }
      tests.push(test)
    }
    fileEntries.push({ file, project: '', state: tests.slice(-perFile).some(test => test.state === 'failed') ? 'failed' : 'passed', durationMs: clocks[lane] - fileStart, worker, errors: [], teardown: [] })
  }
  const failed = tests.filter(test => test.state === 'failed').length
  const end = Math.max(...clocks)
  return {
    schemaVersion: 7,
    generator: { name: 'vitest-async-debug', version: '0.1.0' },
    run: { startedAt: new Date(start).toISOString(), finishedAt: new Date(end).toISOString(), durationMs: end - start, status: failed > 0 ? 'failed' : 'passed', complete: true, endedEarly: null, exitCode: 1, merged: false, shard: null },
    environment: { suite: 'bench-suite', node: process.version, vitest: '4.1.12', plugin: '0.1.0', os: { platform: 'linux', release: '6', arch: 'x64' }, projects: [{ name: '', pool: 'threads', isolate: true, maxWorkers: workers }], maxWorkers: workers, options: {}, checks: [] },
    summary: {
      files: files,
      tests: tests.length,
      passed: tests.length - failed,
      failed,
      skipped: 0,
      pending: 0,
      flaky: 0,
      testsWithDiagnosis: tests.filter(test => test.diagnosis.length > 0).length,
      testsThatLeftWorkRunning: tests.filter(test => test.diagnosis.some(entry => entry.kind === 'left-running')).length,
      testsWithLateActivity: new Set(lateActivity.map(record => record.owner.testId)).size,
      timedOut: 0,
      unhandledErrors: unhandledErrors.length,
      unhandledErrorsAttributedToTests: unhandledErrors.length,
      unhandledErrorsMisattributedByVitest: unhandledErrors.length,
    },
    files: fileEntries,
    tests,
    unhandledErrors,
    lateActivity,
    debugServers: { workers: [], dap: null },
    pluginFaults: [],
    shards: [],
  }
}

/** Runs in the page: how long until the list's count shows a new figure after `act()`, painted. */
const measureChange = `async (act) => {
  const count = () => document.querySelector('.list-count')?.textContent
  const before = count()
  const started = performance.now()
  act()
  await new Promise((resolve) => {
    const check = () => (count() !== before ? resolve() : requestAnimationFrame(check))
    check()
  })
  await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)))
  return { ms: performance.now() - started, count: count() }
}`

const report = syntheticReport(testCount)
const folder = mkdtempSync(join(tmpdir(), 'page-bench-'))
const file = join(folder, 'report.html')
const data = { mode: 'report', progress: 'finished', report, root: '/project', editorLink: 'vscode://file{file}:{line}:{column}', sources: {}, workers: [], running: [] }
writeFileSync(file, pageHtml(readFileSync(templatePath, 'utf8'), data))
const htmlBytes = readFileSync(file).length
if (values.out) {
  writeFileSync(values.out, readFileSync(file))
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] })
const rows = []
try {
  for (let run = 0; run < runs; run++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await page.addInitScript(`new MutationObserver((_, observer) => {
      if (document.querySelector('.test-row')) { window.__firstRows = performance.now(); observer.disconnect() }
    }).observe(document, { childList: true, subtree: true })`)
    await page.goto(`file://${file}#/tests`)
    await page.waitForSelector('.test-row', { timeout: 60_000 })
    const firstRows = await page.evaluate('window.__firstRows')
    const rendered = await page.locator('.test-row').count()
    const text = await page.evaluate(`(${measureChange})(() => {
      const input = document.querySelector('.filter-text')
      input.value = 'unicode'
      input.dispatchEvent(new Event('input', { bubbles: true }))
    })`)
    const clear = await page.evaluate(`(${measureChange})(() => {
      const input = document.querySelector('.filter-text')
      input.value = ''
      input.dispatchEvent(new Event('input', { bubbles: true }))
    })`)
    const failed = await page.evaluate(`(${measureChange})(() => document.querySelector('[data-filter="failed"]').click())`)
    const started = Date.now()
    await page.evaluate(`location.hash = '#/timeline'`)
    await page.waitForSelector('.timeline-canvas, .timeline-svg', { timeout: 60_000 })
    await page.evaluate('new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)))')
    const timeline = Date.now() - started
    rows.push({ firstRows, rendered, text, clear, failed, timeline })
    await page.close()
  }
}
finally {
  await browser.close()
  rmSync(folder, { recursive: true, force: true })
}

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const ms = value => `${Math.round(value)} ms`
console.log(`page render, ${testCount.toLocaleString('en-US')} tests (${report.summary.failed} failed, ${report.lateActivity.length} late-work arrows), report.html ${(htmlBytes / 1024).toFixed(0)} kB, median of ${runs} runs`)
console.table({
  'first rows shown (from navigation)': { median: ms(median(rows.map(row => row.firstRows))), runs: rows.map(row => ms(row.firstRows)).join(', ') },
  'text filter "unicode"': { median: ms(median(rows.map(row => row.text.ms))), runs: rows.map(row => ms(row.text.ms)).join(', '), shown: rows[0].text.count },
  'clear text filter': { median: ms(median(rows.map(row => row.clear.ms))), runs: rows.map(row => ms(row.clear.ms)).join(', '), shown: rows[0].clear.count },
  'failed filter': { median: ms(median(rows.map(row => row.failed.ms))), runs: rows.map(row => ms(row.failed.ms)).join(', '), shown: rows[0].failed.count },
  'timeline drawn (canvas)': { median: ms(median(rows.map(row => row.timeline))), runs: rows.map(row => ms(row.timeline)).join(', ') },
})
console.log(`rows in the DOM while showing ${testCount.toLocaleString('en-US')} tests: ${rows[0].rendered}`)
