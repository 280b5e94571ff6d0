// What merging shard reports costs: 8 shard reports with 10,000 tests between them (copies of a real
// report's tests, with sessions and diagnoses, unhandled errors and late activity), written to a temp
// folder as the reporter writes them. Times reading all of them (readReportFile), mergeReports, and
// serializing the merged report (as report.json is written), over 5 rounds after one warm-up; prints medians.
//
//   npm run build && node bench/merge.mjs [--tests 10000] [--shards 8] [--runs 5]
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { median } from './lib/report.mjs'
import { shardReports } from './lib/shard-reports.mjs'

const { values } = parseArgs({ options: { tests: { type: 'string', default: '10000' }, shards: { type: 'string', default: '8' }, runs: { type: 'string', default: '5' } } })
const [totalTests, count, runs] = [values.tests, values.shards, values.runs].map(Number)
const dist = new URL('../dist/report/', import.meta.url)
if (!existsSync(new URL('merge/merge-reports.js', dist))) {
  throw new Error('run `npm run build` first: the bench needs dist/report/merge/merge-reports.js')
}
const { mergeReports } = await import(new URL('merge/merge-reports.js', dist).href)
const { readReportFile } = await import(new URL('read-report.js', dist).href)
const { reportJson } = await import(new URL('report-json.js', dist).href)
const { summarize } = await import(new URL('model.js', dist).href)

const folder = mkdtempSync(join(tmpdir(), 'merge-bench-'))
const paths = shardReports({ totalTests, count, summarize }).map((report, index) => {
  const path = join(folder, `shard-${index + 1}.json`)
  writeFileSync(path, reportJson(report))
  return path
})

function round() {
  const started = performance.now()
  const inputs = paths.map(path => ({ path, report: readReportFile(path) }))
  const read = performance.now()
  const merged = mergeReports(inputs)
  const mergedAt = performance.now()
  const text = reportJson(merged)
  const serialized = performance.now()
  return { merged, text, ms: { read: read - started, merge: mergedAt - read, serialize: serialized - mergedAt, total: serialized - started } }
}

try {
  const { merged, text } = round()
  const schema = JSON.parse(readFileSync(new URL('../schema/report.schema.json', import.meta.url), 'utf8'))
  const ajv = new Ajv2020({ strict: true, allErrors: true })
  ajv.addFormat('date-time', value => !Number.isNaN(Date.parse(value)))
  for (const [name, report] of [...paths.map(path => [path, readReportFile(path)]), ['the merged report', merged]]) {
    if (!ajv.validate(schema, report)) {
      throw new Error(`${name} does not match the schema:\n${ajv.errorsText(ajv.errors, { separator: '\n' })}`)
    }
  }
  const rounds = Array.from({ length: runs }, () => round().ms)
  const inputBytes = paths.reduce((sum, path) => sum + statSync(path).size, 0)
  const { summary } = merged
  console.log(`${count} shard reports, ${summary.tests.toLocaleString('en')} tests in ${summary.files} files (${summary.testsWithDiagnosis} with diagnoses, ${summary.unhandledErrors} unhandled errors, ${merged.lateActivity.length} late activity records)`)
  console.log(`inputs ${(inputBytes / 1e6).toFixed(1)} MB, merged report ${(Buffer.byteLength(text) / 1e6).toFixed(1)} MB; Node ${process.version}`)
  console.log(`median of ${runs} rounds (after one warm-up):`)
  for (const [name, label] of [['read', `readReportFile x ${count}`], ['merge', 'mergeReports'], ['serialize', 'reportJson (merged)'], ['total', 'total']]) {
    console.log(`  ${label.padEnd(22)} ${median(rounds.map(ms => ms[name])).toFixed(0).padStart(5)} ms`)
  }
}
finally {
  rmSync(folder, { recursive: true, force: true })
}
