// Regenerates the screenshots in docs/images from real runs of the bundled example: its HTML report,
// and the live dashboard (watch mode, stopped after the first run). Needs Chromium at /usr/bin/chromium.
// Run `npm run build` first.
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const exampleRoot = fileURLToPath(new URL('../examples/orders', import.meta.url))
const images = fileURLToPath(new URL('../docs/images', import.meta.url))
const vitestBin = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url))
mkdirSync(images, { recursive: true })

spawnSync(process.execPath, [vitestBin, 'run', '--root', exampleRoot], { stdio: 'ignore', env: { ...process.env, CI: '' } })
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] })
const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 })
const report = `file://${exampleRoot}/.vitest-async-debug/report.html`

async function shot(url, name, ready, fullPage = false) {
  await page.goto(url)
  await page.locator(ready).first().waitFor()
  await page.waitForTimeout(300)
  await page.screenshot({ path: `${images}/${name}.png`, fullPage })
  console.log(`docs/images/${name}.png`)
}

await shot(`${report}#/`, 'report-overview', '.uplot')
await shot(`${report}#/timeline`, 'report-timeline', '.arrow-late')
await page.goto(`${report}#/tests`)
const stockLevel = await page.locator('.test-row', { hasText: 'shows the stock level' }).getAttribute('href')
await shot(`${report}${stockLevel}`, 'report-test', '.test-title')

// The dashboard: watch mode keeps it up after the run, with every worker's samples.
const watch = spawn(process.execPath, [vitestBin, 'watch', '--root', exampleRoot, '--', '--dashboard'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, CI: '', NO_COLOR: '1' } })
let output = ''
watch.stdout.on('data', (chunk) => { output += chunk })
watch.stderr.on('data', (chunk) => { output += chunk })
try {
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no dashboard URL in:\n${output}`)), 60_000)
    const check = setInterval(() => {
      const found = /dashboard (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output)?.[1]
      if (found) {
        clearInterval(check)
        clearTimeout(timer)
        resolve(found)
      }
    }, 50)
  })
  // The whole run's samples: once the header no longer says the run is going on.
  await page.goto(`${url}#/workers`)
  await page.locator('.worker .uplot').first().waitFor({ timeout: 60_000 })
  await page.getByText('Running', { exact: true }).waitFor({ state: 'detached', timeout: 60_000 })
  await shot(`${url}#/workers`, 'dashboard-workers', '.worker .uplot')
}
finally {
  watch.kill('SIGTERM')
  await browser.close()
}
