// What `locals: true` costs a passing suite: 300 tests (10 files of 30, each test awaiting 200 times and
// building a small object) run with the plugin and locals off, then on, in alternating rounds; prints the
// median wall time of each and the difference per test. `--failing`: every test fails at its end, so each
// one's locals are read at the throw. Runs in the e2e install (test/compat/vitest4), so
// it copies the built package there as the e2e setup does: serialize it with e2e runs.
//
//   npm run build && node bench/locals.mjs [--rounds 5] [--files 10] [--tests 30] [--awaits 200] [--failing]
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { median } from './lib/report.mjs'

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, files: { type: 'string', default: '10' }, tests: { type: 'string', default: '30' }, awaits: { type: 'string', default: '200' }, pool: { type: 'string', default: 'forks' }, failing: { type: 'boolean', default: false } } })
const [rounds, files, tests, awaits] = [values.rounds, values.files, values.tests, values.awaits].map(Number)
const repo = fileURLToPath(new URL('..', import.meta.url))
const install = join(repo, 'test/compat/vitest4')
const plugin = join(install, 'node_modules/vitest-async-debug')
rmSync(plugin, { recursive: true, force: true })
for (const entry of ['package.json', 'dist', 'schema']) {
  cpSync(join(repo, entry), join(plugin, entry), { recursive: true })
}
const root = join(install, '.runs/bench-locals')
rmSync(root, { recursive: true, force: true })
mkdirSync(join(root, 'tests'), { recursive: true })
writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'bench-locals', private: true, type: 'module' }))
writeFileSync(join(root, 'vitest.config.ts'), `import { defineConfig } from 'vitest/config'
import asyncDebug from 'vitest-async-debug'
export default defineConfig({ plugins: [asyncDebug({ locals: process.env.LOCALS === 'on', blocking: false })], test: { reporters: ['dot'] } })
`)
for (let file = 1; file <= files; file++) {
  const body = Array.from({ length: tests }, (_, index) => `
test('case ${index + 1}', async () => {
  const order = { id: 'o-${index}', items: [] as number[] }
  for (let i = 0; i < ${awaits}; i++) {
    order.items.push(await Promise.resolve(i))
  }
  expect(order.items).toHaveLength(${values.failing ? awaits + 1 : awaits})
})`).join('\n')
  writeFileSync(join(root, 'tests', `file-${file}.test.ts`), `import { expect, test } from 'vitest'\n${body}\n`)
}

function run(locals) {
  const started = process.hrtime.bigint()
  const result = spawnSync(process.execPath, [join(install, 'node_modules/vitest/vitest.mjs'), 'run', '--root', root, '--pool', values.pool], { cwd: root, env: { ...process.env, LOCALS: locals, NO_COLOR: '1', CI: 'true' }, encoding: 'utf8' })
  if (result.status !== (values.failing ? 1 : 0)) {
    throw new Error(`the bench suite failed (locals ${locals}):\n${result.stdout}${result.stderr}`)
  }
  return Number(process.hrtime.bigint() - started) / 1e6
}

run('off')
const times = { off: [], on: [] }
for (let round = 0; round < rounds; round++) {
  for (const locals of round % 2 === 0 ? ['off', 'on'] : ['on', 'off']) {
    times[locals].push(run(locals))
  }
}
const [off, on] = [median(times.off), median(times.on)]
console.log(`${files * tests} ${values.failing ? 'failing' : 'passing'} tests, ${awaits} awaits each, pool ${values.pool}, ${rounds} rounds (medians; all: off ${times.off.map(Math.round).join(', ')} / on ${times.on.map(Math.round).join(', ')} ms)`)
console.log(`locals off: ${Math.round(off)} ms, locals on: ${Math.round(on)} ms, difference ${Math.round(on - off)} ms (${((on - off) / (files * tests)).toFixed(2)} ms per test)`)
rmSync(root, { recursive: true, force: true })
