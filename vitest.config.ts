import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
    reporters: ['default', './test/utils/closing-line-reporter.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    globalSetup: ['./test/utils/global-setup.ts'],
  },
})
