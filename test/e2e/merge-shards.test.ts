import type { AsyncDebugReport } from '../../src/shared/report.js'
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { mergeReports } from '../../src/report/merge/merge-reports.js'
import { readReportFile } from '../../src/report/read-report.js'
import { normalizeOutput } from '../utils/normalize.js'
import { assertValidReport } from '../utils/report-schema.js'
import { runVitest, writeProject } from '../utils/run-vitest.js'

const suite = {
  'vitest.config.ts': `import { defineConfig } from 'vitest/config'
import asyncDebug from 'vitest-async-debug'
export default defineConfig({ plugins: [asyncDebug()] })
`,
  'helpers/poll.ts': `export function startPolling(check: () => void): void {
  setInterval(check, 80)
}
export const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))
`,
  'tests/late.test.ts': `import { test } from 'vitest'
import { sleep } from '../helpers/poll.js'
test('rejects after it ended', () => {
  setTimeout(() => { void Promise.reject(new Error('rejected after its test')) }, 50)
})
test('waits long enough to receive the rejection', async () => { await sleep(400) })
`,
  'tests/leak.test.ts': `import { test } from 'vitest'
import { sleep, startPolling } from '../helpers/poll.js'
test('starts polling and forgets it', () => { startPolling(() => {}) })
test('waits while the poller still runs', async () => { await sleep(400) })
`,
  'tests/timeout.test.ts': `import { test } from 'vitest'
test('waits on a timer past its timeout', async () => {
  await new Promise(resolve => setTimeout(resolve, 2000))
}, 200)
`,
  'tests/clean.test.ts': `import { expect, test } from 'vitest'
test('adds', () => { expect(1 + 1).toBe(2) })
test('awaits', async () => { expect(await Promise.resolve(3)).toBe(3) })
`,
}

/** What a reader of the report learns about each test and error, without what changes from run to run (times, pids, counts of firings). */
function findings(report: AsyncDebugReport) {
  return {
    tests: report.tests.map(test => ({
      id: test.id,
      test: `${test.file} > ${test.fullName}`,
      state: test.state,
      diagnosis: test.diagnosis.map(entry => ({
        kind: entry.kind,
        message: normalizeOutput(entry.message),
        site: entry.site ?? null,
        unhandledError: entry.unhandledError,
        lateActivity: entry.lateActivity,
      })),
    })),
    unhandledErrors: report.unhandledErrors.map(({ type, message, surfacedIn, vitestBlamed, attribution }) => ({
      type,
      message,
      surfacedIn,
      vitestBlamed,
      attribution: attribution.status === 'test'
        ? { test: attribution.test.testId, phase: attribution.phase, vitestAgrees: attribution.vitestAgrees }
        : { reason: attribution.reason, file: attribution.file },
    })),
    lateActivity: report.lateActivity.map(record => ({ owner: record.owner.testId, operation: record.operation.site, event: record.event, during: record.during?.testId ?? null })),
    summary: report.summary,
  }
}

test('the reports of --shard=1/2 and --shard=2/2, merged, say what one run of the whole suite says', { timeout: 300_000 }, async () => {
  const root = writeProject(suite)
  mkdirSync(join(root, 'reports'))
  for (const index of [1, 2]) {
    const shard = await runVitest(root, [`--shard=${index}/2`])
    expect(shard.report().run.shard).toEqual({ index, count: 2 })
    copyFileSync(shard.reportPath, join(root, `reports/shard-${index}.json`))
  }
  const whole = (await runVitest(root)).report()
  const shards = [2, 1].map(index => join(root, `reports/shard-${index}.json`)).map(path => ({ path, report: readReportFile(path) }))
  expect(shards.every(({ report }) => report.tests.length > 0 && report.tests.length < whole.tests.length)).toBe(true)

  const merged = mergeReports(shards)
  assertValidReport(merged)
  expect(findings(merged)).toEqual(findings(whole))
  expect(merged.summary).toMatchObject({ files: 4, tests: 7, passed: 6, failed: 1, timedOut: 1, unhandledErrors: 1, unhandledErrorsAttributedToTests: 1, testsThatLeftWorkRunning: 2 })
  expect(merged.unhandledErrors.map(error => error.attribution.status === 'test' && error.attribution.test.fullName)).toEqual(['rejects after it ended'])
  expect(merged.run).toMatchObject({ status: 'failed', complete: true, merged: true, shard: null, exitCode: null })
  expect(merged.environment.suite).toBe('project-under-test')
  expect(merged.shards.map(entry => [entry.source, entry.shard, entry.summary.tests])).toEqual([
    ['shard-1.json', { index: 1, count: 2 }, shards[1]!.report.tests.length],
    ['shard-2.json', { index: 2, count: 2 }, shards[0]!.report.tests.length],
  ])
})
