// Bundles the worker runtime (dist/worker/worker-runtime.js, built by tsc) into one module. Vitest loads
// it in every worker, and a dozen small modules cost several ms each time. The setup file that imports it
// (dist/worker/setup.js) stays small: Vitest evaluates it again for every test file.
import { build } from 'rolldown'

const entry = new URL('../dist/worker/worker-runtime.js', import.meta.url).pathname

await build({
  input: entry,
  platform: 'node',
  // ws, get-port and trace-mapping load only when debug servers are on.
  external: [/^node:/, /^vitest(\/|$)/, /^ws$/, /^get-port$/, /^@jridgewell\/trace-mapping$/],
  output: { file: entry, format: 'esm' },
  logLevel: 'warn',
})
