import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, onTestFinished, test } from 'vitest'
import { repoRoot, runVitest } from '../utils/run-vitest.js'
import { dependencyPath } from '../utils/stack.js'

/** A project outside the repository, with the packed tarball installed and vitest linked (no network). */
function projectWithPackedPackage(): string {
  const root = mkdtempSync(join(tmpdir(), 'vitest-async-debug-packed-'))
  onTestFinished(() => rmSync(root, { recursive: true, force: true }))
  const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', root], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as [{ filename: string }]
  const installed = join(root, 'node_modules/vitest-async-debug')
  mkdirSync(installed, { recursive: true })
  execFileSync('tar', ['-xzf', join(root, filename), '-C', installed, '--strip-components=1'])
  for (const dependency of ['vitest', 'picocolors', 'ws', 'get-port']) {
    symlinkSync(dependencyPath(dependency), join(root, 'node_modules', dependency))
  }
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
  writeFileSync(join(root, 'vitest.config.ts'), `import { defineConfig } from 'vitest/config'\nimport { asyncDebug } from 'vitest-async-debug'\nexport default defineConfig({ plugins: [asyncDebug()] })\n`)
  mkdirSync(join(root, 'tests'))
  writeFileSync(join(root, 'tests/late.test.ts'), `import { test } from 'vitest'
import { currentSession } from 'vitest-async-debug'
test('leaves a rejection behind', () => { setTimeout(() => { void Promise.reject(new Error('late')) }, 5) })
test('is running when it lands', async () => {
  if (currentSession()?.name !== 'is running when it lands') throw new Error('no session')
  await new Promise(r => setTimeout(r, 80))
})
`)
  return root
}

test('the packed package works when installed in a project outside the repository', async () => {
  const root = projectWithPackedPackage()
  const run = await runVitest(root)
  expect(run.exitCode).toBe(1)
  const report = run.report()
  expect(report.summary).toMatchObject({ tests: 2, passed: 2, unhandledErrorsAttributedToTests: 1, unhandledErrorsMisattributedByVitest: 1 })
  const schemaUrl = execFileSync(process.execPath, ['--input-type=module', '-e', `console.log(import.meta.resolve('vitest-async-debug/report-schema.json'))`], { cwd: root, encoding: 'utf8' })
  expect(schemaUrl.trim()).toBe(`file://${root}/node_modules/vitest-async-debug/schema/report.schema.json`)
})
