import type { ServersFile } from '../../src/debug/server-registry.js'
import type { DebugServerRecord } from '../../src/shared/debug-server.js'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import getPort from 'get-port'
import { chromium } from 'playwright-core'
import { expect, test } from 'vitest'
import { lineOf } from '../utils/fixture-source.js'
import { fixtureProject, runVitest } from '../utils/run-vitest.js'

const root = fixtureProject('debug-on-fail')
const serversFile = join(root, '.vitest-async-debug/servers.json')
const failingLine = lineOf(root, 'tests/cart.test.ts', '// the failing line')
const chromiumPath = '/usr/bin/chromium'

async function pausedServer(): Promise<DebugServerRecord> {
  const deadline = Date.now() + 30_000
  for (;;) {
    try {
      const paused = (JSON.parse(readFileSync(serversFile, 'utf8')) as ServersFile).servers.find(server => server.state === 'paused')
      if (paused) {
        return paused
      }
    }
    catch {}
    if (Date.now() > deadline) {
      throw new Error('no paused worker')
    }
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

/** The DevTools page's DOM, as much of it as `pausedView` reads (the project has no DOM types). */
interface DomRoot {
  textContent: string | null
  querySelectorAll: (selector: string) => Iterable<{ shadowRoot: DomRoot | null }>
}
declare const document: DomRoot

interface PausedView {
  paused: boolean
  location: string | null
  total: boolean
}

/** What DevTools shows (runs in the DevTools page; self-contained, since it is sent as a function). */
function pausedView(): PausedView {
  const texts: string[] = []
  const walk = (root: DomRoot): void => {
    texts.push(root.textContent ?? '')
    for (const element of root.querySelectorAll('*')) {
      if (element.shadowRoot) {
        walk(element.shadowRoot)
      }
    }
  }
  walk(document)
  const text = texts.join('\n')
  // The call stack's top frame, in the original TypeScript.
  return { paused: text.includes('Debugger paused'), location: /cart\.test\.ts:\d+/.exec(text)?.[0] ?? null, total: /total:\s*8/.test(text) }
}

// .ci/run installs Chromium (apt-get install chromium); elsewhere the test says why it did not run.
test.skipIf(!existsSync(chromiumPath))('Chrome DevTools attaches to the paused worker and shows the failing line of the TypeScript test, with its locals', async () => {
  rmSync(serversFile, { force: true })
  let shown: PausedView | null = null
  const run = await runVitest(root, ['tests/cart.test.ts'], {
    env: { DEBUG_BASE_PORT: '19750' },
    onStart: () => {
      void (async () => {
        const server = await pausedServer()
        const devtoolsPort = await getPort()
        const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', `--remote-debugging-port=${devtoolsPort}`] })
        try {
          const page = await browser.newPage()
          // The frontend Chromium serves is the one `devtools://devtools/bundled/…` opens.
          await page.goto(`http://127.0.0.1:${devtoolsPort}/devtools/inspector.html?ws=${server.webSocketUrl.replace('ws://', '')}`)
          const deadline = Date.now() + 20_000
          do {
            shown = await page.evaluate(pausedView)
            await new Promise(resolve => setTimeout(resolve, 200))
          } while (!(shown.paused && shown.location && shown.total) && Date.now() < deadline)
        }
        finally {
          await browser.close()
        }
      })()
    },
  })
  expect(shown).toEqual({ paused: true, location: `cart.test.ts:${failingLine}`, total: true })
  expect(run.exitCode, run.output).toBe(1)
  expect(run.report().tests[0]?.sessions.at(-1)?.debug).toMatchObject({ released: 'debugger', stoppedAtFailingLine: true })
}, 60_000)
