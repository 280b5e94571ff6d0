import type { ServersFile } from '../../src/debug/server-registry.js'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, onTestFinished, test } from 'vitest'
import { waitFor } from '../utils/dap.js'
import { fixtureProject, runVitest, writeProject } from '../utils/run-vitest.js'
import { hasChromium, launchChromium, watchedPage } from '../utils/page-browser.js'
import { followDashboard, getStatus } from '../utils/sse.js'
import { cliPath, vitestBin } from '../utils/stack.js'

const root = fixtureProject('dashboard')
const slowTest = 'waits for the release file'

function printedUrl(output: string): string | null {
  return /dashboard (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output)?.[1] ?? null
}

describe.each([['forks', 19_900], ['threads', 19_910]] as const)('pool %s', (pool, port) => {
  test('during a run with a slow test, the dashboard shows it running in its worker, then its result; the URL is printed once and in servers.json; no token or a foreign Host gets 403', async () => {
    const releaseFile = join(tmpdir(), `vitest-async-debug-release-${pool}-${process.pid}`)
    rmSync(releaseFile, { force: true })
    const seen: Record<string, unknown> = {}
    let checks: Promise<void> = Promise.resolve()
    const run = await runVitest(root, ['--pool', pool, `--dashboard=${port}`], {
      command: [cliPath, 'run'],
      env: { RELEASE_FILE: releaseFile, DASHBOARD_PORT: String(port + 1) },
      onStart: (_child, { output }) => {
        checks = (async () => {
          // servers.json is written before the line is printed.
          const url = await waitFor('the printed dashboard URL', () => printedUrl(output()))
          seen.url = url
          seen.servers = (JSON.parse(readFileSync(join(root, '.vitest-async-debug/servers.json'), 'utf8')) as ServersFile).dashboard
          const base = new URL(url)
          seen.noToken = (await getStatus(`${base.origin}/`)).status
          seen.wrongToken = (await getStatus(`${base.origin}/?token=${'x'.repeat(32)}`)).status
          seen.eventsNoToken = (await getStatus(`${base.origin}/events`)).status
          seen.foreignHost = (await getStatus(url, `evil.example:${base.port}`)).status
          const page = await getStatus(url)
          seen.page = { status: page.status, csp: /Content-Security-Policy/.test(page.body), embedsData: page.body.includes('id="page-data"') }
          const live = await followDashboard(url)
          try {
            const running = await waitFor('the slow test running in a worker', () => {
              const worker = live.data?.workers.find(view => view.test?.name === slowTest)
              return worker && live.data?.running.some(test => test.name === slowTest) && worker
            })
            seen.worker = { state: running.state, pool: running.pool, file: running.file, sampled: running.samples.length > 0 || undefined }
            seen.whileRunning = live.data?.report.tests.find(test => test.name === slowTest)?.state ?? 'not listed yet'
            writeFileSync(releaseFile, '')
            const released = Date.now()
            const finished = await waitFor('the slow test passed', () => live.data?.report.tests.find(test => test.name === slowTest && test.state === 'passed'))
            seen.shownAfterMs = Date.now() - released
            seen.finished = { state: finished.state, stillRunning: live.data?.running.some(test => test.name === slowTest) }
            await waitFor('the run finished', () => live.data?.progress === 'finished')
            seen.final = live.data?.report.summary
          }
          finally {
            live.close()
          }
        })().finally(() => writeFileSync(releaseFile, ''))
      },
    })
    await checks
    rmSync(releaseFile, { force: true })
    expect(run.exitCode).toBe(0)
    const url = seen.url as string
    expect(run.output.split(url).length - 1).toBe(1)
    expect(seen.servers).toEqual({ url })
    expect(seen).toMatchObject({
      noToken: 403,
      wrongToken: 403,
      eventsNoToken: 403,
      foreignHost: 403,
      page: { status: 200, csp: true, embedsData: false },
      worker: { state: 'running', pool, file: 'tests/slow.test.ts' },
      whileRunning: 'pending',
      finished: { state: 'passed', stillRunning: false },
      final: { tests: 3, passed: 3, failed: 0, testsThatLeftWorkRunning: 1 },
    })
    expect(seen.shownAfterMs).toBeTypeOf('number')
    // The HTML report is the lasting view: written next to the JSON report.
    expect(existsSync(join(root, '.vitest-async-debug/report.html'))).toBe(true)
  })
})

describe.skipIf(!hasChromium)('in Chromium', () => {
  test('the live page shows the slow test running, its worker with the test and samples, then the test\'s result, its worker\'s event-loop block and the finished run, with no console errors or CSP violations', async () => {
    const releaseFile = join(tmpdir(), `vitest-async-debug-release-browser-${process.pid}`)
    rmSync(releaseFile, { force: true })
    const browser = await launchChromium()
    onTestFinished(() => browser.close())
    const { page, problems } = await watchedPage(browser)
    const seen: Record<string, unknown> = {}
    let checks: Promise<void> = Promise.resolve()
    const run = await runVitest(root, ['--pool', 'forks', '--', '--dashboard=19920'], {
      // The slow test holds the thread before it waits: a block its worker's card lists once the test has ended.
      env: { RELEASE_FILE: releaseFile, BLOCK_MS: '600' },
      onStart: (_child, { output }) => {
        checks = (async () => {
          const url = await waitFor('the printed dashboard URL', () => printedUrl(output()))
          await page.goto(url)
          const running = page.locator('.section', { hasText: 'Running now' }).getByRole('link', { name: slowTest })
          await running.waitFor({ timeout: 30_000 })
          seen.runningShown = true
          await page.goto(`${url}#/workers`)
          const worker = page.locator('.worker', { hasText: slowTest })
          await worker.waitFor({ timeout: 30_000 })
          await page.locator('.worker .uplot').first().waitFor({ timeout: 30_000 })
          seen.workerText = (await worker.locator('.card-head').innerText()).replace(/\s+/g, ' ')
          writeFileSync(releaseFile, '')
          await page.goto(`${url}#/tests`)
          await page.locator(`.test-row-passed`, { hasText: slowTest }).waitFor({ timeout: 30_000 })
          seen.resultShown = true
          await page.goto(`${url}#/workers`)
          const block = page.locator('.worker .worker-blocks tbody tr')
          await block.waitFor({ timeout: 30_000 })
          seen.block = (await block.locator('td').allInnerTexts()).map(cell => cell.replace(/\d+ ms$/, 'N ms').replace(/busy\.ts:\d+:\d+/, 'busy.ts:L:C'))
          await page.goto(`${url}#/tests`)
        })().finally(() => writeFileSync(releaseFile, ''))
      },
    })
    await checks
    rmSync(releaseFile, { force: true })
    expect(run.exitCode).toBe(0)
    expect(seen).toMatchObject({ runningShown: true, resultShown: true, workerText: 'Worker 1 running running tests' })
    expect(seen.block).toEqual([expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3}$/), 'N ms', 'src/busy.ts:L:C in holdTheThread()', `${slowTest} · tests/slow.test.ts`, 'this test\'s'])
    // `vitest run` has exited and its dashboard with it: the page keeps the final state and says so.
    await expect.poll(() => page.locator('.banner').textContent()).toBe('The run has ended and its dashboard has closed: this is its final state. The HTML report next to the JSON report keeps it.')
    expect(await page.locator('.test-row-passed', { hasText: slowTest }).count()).toBe(1)
    // The browser's own lines for the refused reconnects are all that may appear.
    expect(problems.filter(problem => !problem.includes('net::ERR_'))).toEqual([])
  })
})

test('in watch mode the dashboard stays up across re-runs: a changed test file starts a new run on the same URL, and the page gets its result', async () => {
  const root = writeProject({
    'vitest.config.ts': `import { defineConfig } from 'vitest/config'\nimport asyncDebug from 'vitest-async-debug'\nexport default defineConfig({ plugins: [asyncDebug({ dashboard: { port: 19_930 }, timeoutReruns: 0 })] })\n`,
    'tests/value.test.ts': `import { expect, test } from 'vitest'\ntest('has the right value', () => { expect(1).toBe(1) })\n`,
  })
  const seen: Record<string, unknown> = {}
  let checks: Promise<void> = Promise.resolve()
  const run = await runVitest(root, [], {
    command: [vitestBin, 'watch'],
    killAfterMs: 60_000,
    onStart: (child, { output }) => {
      checks = (async () => {
        try {
          const url = await waitFor('the printed dashboard URL', () => printedUrl(output()))
          const live = await followDashboard(url)
          await waitFor('the first run to finish', () => live.data?.progress === 'finished' && live.data.report.summary.passed === 1)
          const snapshotsBefore = live.events.filter(event => event.name === 'snapshot').length
          writeFileSync(join(root, 'tests/value.test.ts'), `import { expect, test } from 'vitest'\ntest('has the right value', () => { expect(1).toBe(2) })\n`)
          await waitFor('the re-run to finish with the test failed', () => live.data?.progress === 'finished' && live.data.report.summary.failed === 1, 30_000)
          seen.newRunSnapshot = live.events.filter(event => event.name === 'snapshot').length > snapshotsBefore
          seen.sameUrlAnswers = (await getStatus(url)).status
          live.close()
        }
        finally {
          process.kill(-child.pid!, 'SIGTERM')
        }
      })()
    },
  })
  await checks
  expect(run.timedOut).toBe(false)
  expect(seen).toEqual({ newRunSnapshot: true, sameUrlAnswers: 200 })
})
