import type { DoctorCheck } from '../check.js'
import type { ConfigFacts } from '../load-config.js'
import { projectLabel } from '../load-config.js'

const title = 'Browser mode'
const fix = 'Keep the tests whose async work you want explained in a project that runs in Node.js (environment node, jsdom or happy-dom), next to the browser-mode project.'

/** The plugin tracks sessions with async_hooks, which a browser does not have: it leaves browser-mode projects as they are. */
export function checkBrowserMode(config: ConfigFacts): DoctorCheck {
  const inBrowser = config.projects.filter(project => project.browser)
  if (inBrowser.length === 0) {
    return { id: 'browser-mode', status: 'pass', title, detail: 'no project runs in browser mode' }
  }
  const names = inBrowser.map(projectLabel).join(', ')
  if (inBrowser.length === config.projects.length) {
    return { id: 'browser-mode', status: 'fail', title, detail: `every project runs in browser mode (${names}): the plugin does not instrument browser tests (a browser has no async_hooks), so it has nothing to track`, fix }
  }
  return { id: 'browser-mode', status: 'warn', title, detail: `${names} ${inBrowser.length === 1 ? 'runs' : 'run'} in browser mode: the plugin does not instrument browser tests (a browser has no async_hooks): ${inBrowser.length === 1 ? 'its' : 'their'} tests run untracked`, fix }
}
