import type { Browser } from 'playwright-core'
import type { PageData, PagePatch, WorkerSample, WorkerView } from '../../src/shared/page-data.js'
import type { AsyncDebugReport, TestEntry } from '../../src/shared/report.js'
import type { AddressInfo } from 'node:net'
import type { ServerResponse } from 'node:http'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest'
import { pageHtml } from '../../src/report/html/page-html.js'
import { hasChromium, launchChromium, watchedPage } from '../utils/page-browser.js'
import { pageTemplate, reportPageData, writeReportPage } from '../utils/page-report.js'
import { repoRoot, runVitest } from '../utils/run-vitest.js'
import { projectUnderTest } from '../utils/stack.js'

// .ci/run installs Chromium (apt-get install chromium); elsewhere the tests say why they did not run.
describe.skipIf(!hasChromium)('the page (HTML report and live dashboard), in Chromium', () => {
  let browser: Browser
  let root: string
  let report: AsyncDebugReport

  beforeAll(async () => {
    pageTemplate()
    root = projectUnderTest(join(repoRoot, 'examples/orders'))
    const run = await runVitest(root)
    report = run.report()
    browser = await launchChromium()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
  })

  const testNamed = (name: string): TestEntry => {
    const found = report.tests.find(test => test.name === name)
    if (!found) {
      throw new Error(`no test "${name}" in the example's report`)
    }
    return found
  }

  async function openReport(data: PageData, hash = '#/') {
    const file = writeReportPage(data)
    onTestFinished(file.cleanup)
    const watched = await watchedPage(browser)
    onTestFinished(() => watched.page.close())
    await watched.page.goto(`${file.url}${hash}`)
    await watched.page.locator('.view').first().waitFor()
    return { ...watched, url: file.url }
  }

  test('the example\'s report from file://: the culprit of each late error beside the test Vitest blamed, a leak\'s site with its code, a timeout\'s socket', async () => {
    const { page, problems, url } = await openReport(reportPageData(report, root))
    await expect.poll(() => page.locator('.run-status-word').textContent()).toBe('failed')

    await page.goto(`${url}#/errors`)
    const errors = page.locator('.unhandled-error')
    await expect.poll(() => errors.count()).toBe(2)
    const sides = await errors.evaluateAll(cards => cards.map(card => [
      card.querySelector('.error-message')?.textContent,
      card.querySelector('.blame-vitest .test-ref-name')?.textContent,
      card.querySelector('.blame-ours .test-ref-name')?.textContent,
    ]))
    expect(sides).toEqual([
      ['TypeError: order 7 has no email address', 'renders the receipt', 'queues a confirmation email'],
      ['Error: audit entry "save-order" has no userId', 'orders > lists recent orders', 'orders > saves a guest order'],
    ])

    const leak = testNamed('shows the stock level')
    await page.goto(`${url}#/test/${encodeURIComponent(leak.id)}`)
    const leakSite = page.locator('.diagnosis .site-link').first()
    expect(await leakSite.textContent()).toBe('src/inventory.ts:7:3')
    expect(await leakSite.getAttribute('href')).toBe(`vscode://file${root}/src/inventory.ts:7:3`)
    expect(await page.locator('.diagnosis .excerpt-hit').first().textContent()).toMatch(/^7\s*setInterval\(/)
    expect(await page.locator('.late-item').first().textContent()).toMatch(/an interval \(Timeout\) ran a callback \d+ times, first \d+ ms after this test ended, during reserves an item/)

    const timedOut = testNamed('quotes shipping for a postcode')
    await page.goto(`${url}#/test/${encodeURIComponent(timedOut.id)}`)
    expect(await page.locator('.timeout-summary').textContent()).toBe('timed out while awaiting fetchShippingQuote() (src/shipping.ts:8), which waits on a socket (src/shipping.ts:5) that never received data')
    const waitingOn = page.locator('.timeout-part', { hasText: 'Which waits on' })
    expect(await waitingOn.locator('.operation-head strong').textContent()).toBe('socket')
    expect(await waitingOn.locator('.site-link').textContent()).toMatch(/^src\/shipping\.ts:5:\d+$/)
    expect(await waitingOn.locator('.excerpt-hit').textContent()).toContain('connect(')
    expect(problems).toEqual([])
  })

  test('filters: failed shows exactly the failed tests, text searches names, files and diagnoses; both live in the URL', async () => {
    const { page, problems } = await openReport(reportPageData(report, root), '#/tests')
    const names = (): Promise<string[]> => page.locator('.test-row-name').allTextContents()
    await expect.poll(names).toHaveLength(report.tests.length)

    await page.locator('[data-filter="failed"]').click()
    const failed = report.tests.filter(test => test.state === 'failed').map(test => test.fullName)
    await expect.poll(names).toEqual(failed)
    expect(new URL(page.url()).hash).toBe('#/tests?failed=1')
    expect(await page.locator('[data-filter="failed"] .chip-count').textContent()).toBe(String(failed.length))

    await page.locator('[data-filter="failed"]').click()
    await page.locator('.filter-text').fill('stock')
    const mentioning = report.tests.filter(test => [test.name, test.fullName, test.file, ...test.diagnosis.map(entry => entry.message)].some(text => text.toLowerCase().includes('stock')))
    await expect.poll(names).toEqual(mentioning.map(test => test.fullName))
    expect(mentioning.map(test => test.name).sort()).toEqual(['reserves an item', 'shows the stock level'])
    expect(new URL(page.url()).hash).toBe('#/tests?q=stock')

    // A filtered list can be opened from its address.
    await page.goto(page.url().replace(/#.*/, '#/tests?left-running=1'))
    await expect.poll(names).toEqual(report.tests.filter(test => test.diagnosis.some(entry => entry.kind === 'left-running')).map(test => test.fullName))
    expect(problems).toEqual([])
  })

  test('the timeline: a lane per worker slot, a bar per attempt, and an arrow from the test whose interval fired to the test it fired in', async () => {
    const { page, problems } = await openReport(reportPageData(report, root), '#/timeline')
    const attempts = report.tests.reduce((count, test) => count + test.sessions.length, 0)
    await expect.poll(() => page.locator('.bar').count()).toBe(attempts)
    // Isolated forks start a process per file; the slot (pool id) they run in is the lane.
    const slots = new Set(report.tests.flatMap(test => test.sessions.map(session => session.worker.poolId)))
    expect(await page.locator('.timeline-lane-label').allTextContents()).toEqual([...slots].map(slot => `forks worker ${slot}`))
    expect(await page.locator('.arrow-late').count()).toBe(report.lateActivity.length)
    const owner = testNamed('shows the stock level')
    const bystander = testNamed('reserves an item')
    const arrow = page.locator(`.arrow-late[data-from="${owner.id}"][data-to="${bystander.id}"]`)
    expect(await arrow.count()).toBe(1)
    expect(await arrow.locator('title').textContent()).toMatch(/^Late work of "shows the stock level": an interval \(src\/inventory\.ts:7\) ran \d+ times, first \d+ ms after it ended, during "reserves an item"$/)
    // The unhandled errors go from the culprit to the test Vitest blamed.
    const culprit = testNamed('queues a confirmation email')
    expect(await page.locator(`.arrow-error[data-from="${culprit.id}"][data-to="${testNamed('renders the receipt').id}"]`).count()).toBe(1)
    // A bar opens its test.
    await page.locator(`.bar[data-test="${bystander.id}"] rect`).click()
    await expect.poll(() => page.locator('.test-title').textContent()).toBe('reserves an item')
    expect(problems).toEqual([])
  })

  test('the workers view: the example\'s event-loop block with its length, the function and site that held the thread, and its test; in the card of its worker when the dashboard saw that worker', async () => {
    const blocker = testNamed('suggests products for a misspelled name')
    const session = blocker.sessions.at(-1)!
    const block = session.blocking?.blocks[0]
    expect(block?.site).toMatchObject({ file: 'src/catalog.ts' })
    const siteLabel = `${block!.site!.file}:${block!.site!.line}:${block!.site!.column}`
    // The page writes a length of a second or more in seconds: the example's block is 0.6 to 1.1 s.
    const length = block!.durationMs < 1000 ? `${block!.durationMs} ms` : `${(block!.durationMs / 1000).toFixed(2)} s`
    const expectedRow = (cells: string[]): void => {
      expect(cells.slice(-4)).toEqual([length, `${siteLabel} in ${block!.site!.function}()`, `${blocker.fullName} · ${blocker.file}`, 'this test\'s'])
    }

    // A report written without the dashboard: one table, by worker.
    const { page, problems } = await openReport(reportPageData(report, root), '#/workers')
    const rows = page.locator('.worker-blocks tbody tr')
    await expect.poll(() => rows.count()).toBe(report.tests.reduce((count, test) => count + test.sessions.reduce((sum, one) => sum + (one.blocking?.blocks.length ?? 0), 0), 0))
    const cells = await rows.first().locator('td').allInnerTexts()
    expect(cells[0]).toBe(`slot ${session.worker.poolId} · forks · pid ${session.worker.pid}`)
    expectedRow(cells)
    expect(await rows.first().locator('.site-link').getAttribute('href')).toBe(`vscode://file${root}/${siteLabel}`)
    await rows.first().locator('.test-ref-name').click()
    await expect.poll(() => page.locator('.test-title').textContent()).toBe(blocker.name)

    // The dashboard's worker cards: the block sits in the card of the slot that ran the test, and only there.
    const view = (poolId: number): WorkerView => ({ key: `forks#${poolId}`, pid: 1000 + poolId, threadId: null, poolId, pool: 'forks', project: '', state: 'closed', file: null, test: null, debugServer: null, samples: [] })
    const other = session.worker.poolId === 1 ? 2 : 1
    await page.goto('about:blank')
    const live = await openReport(reportPageData(report, root, { workers: [view(session.worker.poolId!), view(other)] }), '#/workers')
    const card = live.page.locator('.worker', { hasText: `Worker ${session.worker.poolId}` })
    await expect.poll(() => card.locator('.worker-blocks tbody tr').count()).toBe(1)
    expectedRow(await card.locator('.worker-blocks tbody tr td').allInnerTexts())
    expect(await card.locator('.facts').innerText()).toContain(`Event-loop blocks\n1 block, the longest ${length}`)
    expect(await live.page.locator('.worker', { hasText: `Worker ${other}` }).locator('.worker-blocks').count()).toBe(0)
    expect(await live.page.locator('.view > .worker-blocks-section').count()).toBe(0)
    expect([...problems, ...live.problems]).toEqual([])
  })

  test('hostile test names are text: no markup runs, the script element is not closed, colours are dropped, a 10 kB name stays in its box', async () => {
    const hostile = [
      '<img src=x onerror="window.__pwned=1">',
      '</script><script>window.__pwned=2</script>',
      '\u001B[31mred\u001B[39m and \u001B[1mbold\u001B[22m',
      `long ${'x'.repeat(10_240)}`,
    ]
    const tests = report.tests.slice(0, hostile.length).map((test, position) => ({ ...test, name: hostile[position]!, fullName: hostile[position]!, diagnosis: [...test.diagnosis, { kind: 'left-running' as const, message: `left ${hostile[position]!}` }] }))
    const data = reportPageData({ ...report, tests: [...tests, ...report.tests.slice(hostile.length)] }, root)
    const { page, problems, url } = await openReport(data, '#/tests')
    const shown = hostile.map(name => name.replace(/\u001B\[\d+m/g, ''))
    await expect.poll(() => page.locator('.test-row-name').allTextContents().then(names => names.slice(0, hostile.length))).toEqual(shown)
    for (const hash of ['#/', '#/timeline', `#/test/${encodeURIComponent(tests[0]!.id)}`, `#/test/${encodeURIComponent(tests[3]!.id)}`]) {
      await page.goto(`${url}${hash}`)
      await page.locator('.view').first().waitFor()
      expect(await page.evaluate('window.__pwned')).toBeUndefined()
      expect(await page.locator('img').count()).toBe(0)
      expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true)
    }
    expect(await page.locator('.test-title').textContent()).toBe(shown[3])
    await page.goto(`${url}#/test/${encodeURIComponent(tests[1]!.id)}`)
    expect(await page.locator('.test-title').textContent()).toBe(hostile[1])
    expect(await page.locator('script').count()).toBe(2)
    await page.goto(`${url}#/test/${encodeURIComponent(tests[2]!.id)}`)
    expect(await page.locator('.test-title').textContent()).toBe('red and bold')
    expect(problems).toEqual([])
  })

  test('live: waits for the run, shows the snapshot, adds a patched test, says when the connection is lost and recovers', async () => {
    const streams = new Set<ServerResponse>()
    let accepting = true
    const sample = (at: number): WorkerSample => ({ at, cpuPercent: 50, rssBytes: 100 * 2 ** 20, heapUsedBytes: 40 * 2 ** 20, eventLoopDelayMaxMs: 3 })
    const worker: WorkerView = {
      key: '4242',
      pid: 4242,
      threadId: null,
      poolId: 1,
      pool: 'forks',
      project: '',
      state: 'paused',
      file: 'tests/shipping.test.ts',
      test: null,
      debugServer: { webSocketUrl: 'ws://127.0.0.1:9230/4242', devtoolsUrl: 'devtools://devtools/bundled/js_app.html?ws=127.0.0.1:9230/4242' },
      samples: [sample(1_000), sample(1_500), sample(2_000)],
    }
    const snapshot = reportPageData(report, root, { mode: 'live', progress: 'running', running: [], workers: [worker] })
    const server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1')
      if (url.pathname === '/') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pageHtml(pageTemplate(), null))
      }
      else if (url.pathname === '/events' && url.searchParams.get('token') === 'secret' && accepting) {
        response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' })
        response.write('retry: 200\n\n')
        streams.add(response)
        response.on('close', () => streams.delete(response))
      }
      else {
        request.socket.destroy()
      }
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    onTestFinished(() => new Promise<void>((resolve) => {
      streams.forEach(stream => stream.destroy())
      server.close(() => resolve())
      server.closeAllConnections()
    }))
    const send = (event: 'snapshot' | 'patch', data: PageData | PagePatch): void => {
      streams.forEach(stream => stream.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`))
    }
    const { page, problems } = await watchedPage(browser)
    onTestFinished(() => page.close())
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/?token=secret#/tests`)
    await expect.poll(() => page.locator('.waiting').textContent()).toBe('Waiting for the run…')
    await expect.poll(() => streams.size).toBe(1)

    send('snapshot', snapshot)
    const names = (): Promise<string[]> => page.locator('.test-row-name').allTextContents()
    await expect.poll(names).toHaveLength(report.tests.length)
    expect(await page.locator('.run-pill').textContent()).toBe('Running')

    const added: TestEntry = { ...report.tests[0]!, id: 'added-by-patch', name: 'arrives in a patch', fullName: 'live > arrives in a patch', diagnosis: [] }
    const { tests: _tests, ...rest } = report
    send('patch', { progress: 'finished', report: rest, tests: [added], workers: [{ ...worker, state: 'closed', samples: [sample(2_000), sample(2_500), sample(3_000)] }], running: [], sources: {} })
    await expect.poll(names).toContain('live > arrives in a patch')
    expect(await page.locator('.run-pill').textContent()).toBe('Failed')

    // A patch's samples add to the worker's (one the snapshot already had, at 2 s, once); its state is replaced.
    await page.evaluate(`location.hash = '#/workers'`)
    const card = page.locator('.worker')
    await expect.poll(() => card.locator('.badge').first().textContent()).toBe('closed')
    expect(await card.locator('.fact', { hasText: 'Samples' }).locator('dd').textContent()).toBe('5 over 2.00 s')
    expect(await card.locator('.copy-input').inputValue()).toBe(worker.debugServer!.devtoolsUrl)
    expect(await card.locator('.uplot').count()).toBe(3)

    // After the run a lost connection is `vitest run` closing the dashboard: the page says so and keeps the final state.
    accepting = false
    streams.forEach(stream => stream.destroy())
    await expect.poll(() => page.locator('.banner').textContent()).toBe('The run has ended and its dashboard has closed: this is its final state. The HTML report next to the JSON report keeps it.')
    expect(await page.locator('.run-pill').textContent()).toBe('Failed')
    // During a run it is a hiccup: the page says it is reconnecting, and does.
    accepting = true
    await expect.poll(() => streams.size, { timeout: 10_000 }).toBe(1)
    send('snapshot', snapshot)
    await expect.poll(() => page.locator('.banner').count()).toBe(0)
    accepting = false
    streams.forEach(stream => stream.destroy())
    await expect.poll(() => page.locator('.banner').textContent()).toBe('Connection to the run lost — reconnecting…')
    accepting = true
    await expect.poll(() => streams.size, { timeout: 10_000 }).toBe(1)
    send('snapshot', snapshot)
    await expect.poll(() => page.locator('.banner').count()).toBe(0)
    // The network errors of the refused reconnects are the browser's own console lines; nothing else may appear.
    expect(problems.filter(problem => !problem.includes('net::ERR_'))).toEqual([])
  })
})
