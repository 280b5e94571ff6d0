import { defineConfig } from 'vitest/config'
import asyncDebug from 'vitest-async-debug'

export default defineConfig({
  plugins: [asyncDebug()],
})
