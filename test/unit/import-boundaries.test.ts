import { ESLint } from 'eslint'
import { expect, test } from 'vitest'
import { repoRoot } from '../utils/run-vitest.js'

const eslint = new ESLint({ cwd: repoRoot })

async function restrictedImports(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).filter(message => message.ruleId === '@typescript-eslint/no-restricted-imports').map(message => message.message)
}

test('worker code may not import main-side code, not even types', async () => {
  expect(await restrictedImports(`import type { ResolvedOptions } from '../plugin/options.js'\nexport type T = ResolvedOptions\n`, 'src/worker/probe.ts')).toEqual([
    '\'../plugin/options.js\' import is restricted from being used by a pattern. src/worker runs inside test workers: it imports only src/shared, vitest and node:*. Put contracts in src/shared.',
  ])
  expect(await restrictedImports(`import type { Vitest } from 'vitest/node'\nexport type T = Vitest\n`, 'src/worker/probe.ts')).toHaveLength(1)
})

test('main-side code refers to the worker only by path', async () => {
  expect(await restrictedImports(`import { workerState } from '../worker/worker-state.js'\nexport const s = workerState\n`, 'src/report/probe.ts')).toHaveLength(1)
  expect(await restrictedImports(`import { workerState } from '../worker/worker-state.js'\nexport const s = workerState\n`, 'src/plugin/probe.ts')).toHaveLength(1)
})

test('shared contracts import neither node:* nor other folders', async () => {
  expect(await restrictedImports(`import { sep } from 'node:path'\nexport const s = sep\n`, 'src/shared/probe.ts')).toHaveLength(1)
  expect(await restrictedImports(`import type { Session } from '../worker/session.js'\nexport type S = Session\n`, 'src/shared/probe.ts')).toHaveLength(1)
  expect(await restrictedImports(`import type { JsonValue } from './json.js'\nexport type J = JsonValue\n`, 'src/shared/probe.ts')).toEqual([])
})

test('the page (src/dashboard/client) runs in a browser: no node modules, no main-side or worker code; src/shared is allowed', async () => {
  const file = 'src/dashboard/client/probe.ts'
  expect(await restrictedImports(`import { readFileSync } from 'node:fs'\nexport const r = readFileSync\n`, file)).toHaveLength(1)
  expect(await restrictedImports(`import { pageHtml } from '../../report/html/page-html.js'\nexport const p = pageHtml\n`, file)).toHaveLength(1)
  expect(await restrictedImports(`import { Dashboard } from '../server/dashboard.js'\nexport const d = Dashboard\n`, file)).toHaveLength(1)
  expect(await restrictedImports(`import { Dashboard } from '../../../server/dashboard.js'\nexport const d = Dashboard\n`, 'src/dashboard/client/views/tests/probe.ts')).toHaveLength(1)
  expect(await restrictedImports(`import { workerState } from '../../worker/worker-state.js'\nexport const w = workerState\n`, file)).toHaveLength(1)
  expect(await restrictedImports(`import { commonSites } from '../../shared/common-sites.js'\nexport const c = commonSites\n`, file)).toEqual([])
})
