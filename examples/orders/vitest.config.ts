import { defineConfig } from 'vitest/config'
import asyncDebug from 'vitest-async-debug'

export default defineConfig({
  plugins: [asyncDebug({
    // A failing test shows the variables on its failing line (also: --show-locals).
    locals: true,
    // Name the function behind every block of the event loop, the first one in each test file too.
    blocking: { watchdog: 'always' },
  })],
})
