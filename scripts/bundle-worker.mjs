// Bundles the worker setup file (dist/worker/setup.js, built by tsc) into one module. Vitest loads it
// in every worker, often one per test file, and a dozen small modules cost several ms each time.
import { build } from 'rolldown'

const entry = new URL('../dist/worker/setup.js', import.meta.url).pathname

await build({
  input: entry,
  platform: 'node',
  // ws, get-port and trace-mapping load only when debug servers are on.
  external: [/^node:/, /^vitest(\/|$)/, /^ws$/, /^get-port$/, /^@jridgewell\/trace-mapping$/],
  output: { file: entry, format: 'esm' },
  logLevel: 'warn',
})
