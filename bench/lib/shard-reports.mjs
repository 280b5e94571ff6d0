// Shard reports for bench/merge.mjs, derived from a real report (merge-sample-report.json: a late rejection,
// a leaked interval, a timeout and clean tests, as the plugin wrote them): each generated test file is a copy
// of the sample's tests, renamed, with its unhandled errors and late activity, and the indexes into them.
import { readFileSync } from 'node:fs'

const sample = JSON.parse(readFileSync(new URL('merge-sample-report.json', import.meta.url), 'utf8'))
const testsPerFile = 50
/** One file in five has each incident; the rest of each file is clean tests. */
const incidents = ['tests/late.test.ts', 'tests/leak.test.ts', 'tests/timeout.test.ts', null, null]
const cleanTests = sample.tests.filter(test => test.file === 'tests/clean.test.ts')

const clone = value => structuredClone(value)

/** Copies `templates` (tests of one sample file) into `file`, and the errors and late work they own, re-indexed. */
function copyTests(templates, file, fileIndex, firstIndex, shard) {
  const renamed = new Map()
  const tests = templates.map((template, offset) => {
    const index = firstIndex + offset
    const id = `${1_000_000 + fileIndex}_${index}`
    const name = `${template.name} (#${index})`
    const test = { ...clone(template), id, file, name, fullName: `feature ${fileIndex} > ${name}` }
    test.sessions = test.sessions.map(session => ({ ...session, id: `${id}#${session.attempt}`, worker: { ...session.worker, pid: 5000 + shard.index } }))
    renamed.set(template.id, test)
    return test
  })
  const ref = old => {
    const test = renamed.get(old.testId)
    return test ? { ...old, sessionId: `${test.id}#${old.attempt}`, testId: test.id, name: test.name, fullName: test.fullName, file } : old
  }
  const errorIndex = new Map()
  sample.unhandledErrors.forEach((entry, index) => {
    if (entry.attribution.status === 'test' && renamed.has(entry.attribution.test.testId)) {
      errorIndex.set(index, shard.unhandledErrors.length)
      shard.unhandledErrors.push({ ...clone(entry), surfacedIn: file, attribution: { ...clone(entry.attribution), test: ref(entry.attribution.test), surfacedDuring: entry.attribution.surfacedDuring.map(ref) } })
    }
  })
  const lateIndex = new Map()
  sample.lateActivity.forEach((record, index) => {
    if (renamed.has(record.owner.testId)) {
      lateIndex.set(index, shard.lateActivity.length)
      shard.lateActivity.push({ ...clone(record), owner: ref(record.owner), during: record.during && ref(record.during), duringFile: file })
    }
  })
  for (const test of tests) {
    test.diagnosis = test.diagnosis.map(entry => ({
      ...entry,
      ...entry.unhandledError !== undefined && { unhandledError: errorIndex.get(entry.unhandledError) },
      ...entry.lateActivity !== undefined && { lateActivity: lateIndex.get(entry.lateActivity) },
    }))
  }
  return { tests, ref }
}

function addFile(shard, fileIndex) {
  const file = `tests/features/feature-${String(fileIndex).padStart(4, '0')}.test.ts`
  const incident = incidents[fileIndex % incidents.length]
  const incidentTests = incident ? sample.tests.filter(test => test.file === incident) : []
  const copied = copyTests(incidentTests, file, fileIndex, 0, shard)
  const clean = Array.from({ length: testsPerFile - incidentTests.length }, (_, offset) => cleanTests[offset % cleanTests.length])
  const tests = [...copied.tests, ...clean.map((template, offset) => copyTests([template], file, fileIndex, incidentTests.length + offset, shard).tests[0])]
  const template = sample.files.find(entry => entry.file === (incident ?? 'tests/clean.test.ts'))
  shard.files.push({ ...clone(template), file, teardown: template.teardown.map(record => ({ ...clone(record), owner: record.owner && copied.ref(record.owner) })) })
  shard.tests.push(...tests)
}

/**
 * `count` shard reports (schema of the built package) with `totalTests` tests between them, in files of
 * 50; file k goes to shard k mod count, so the merge interleaves them. `summarize` is the report model's.
 */
export function shardReports({ totalTests, count, summarize }) {
  const files = Math.ceil(totalTests / testsPerFile)
  const shards = Array.from({ length: count }, (_, index) => ({ index: index + 1, files: [], tests: [], unhandledErrors: [], lateActivity: [] }))
  for (let fileIndex = 0; fileIndex < files; fileIndex++) {
    addFile(shards[fileIndex % count], fileIndex)
  }
  const started = Date.parse(sample.run.startedAt)
  return shards.map(shard => ({
    ...clone(sample),
    run: { ...sample.run, startedAt: new Date(started + shard.index * 1000).toISOString(), finishedAt: new Date(started + shard.index * 1000 + 60_000).toISOString(), durationMs: 60_000, shard: { index: shard.index, count } },
    summary: summarize(shard.tests, shard.files.length, shard.unhandledErrors),
    files: shard.files,
    tests: shard.tests,
    unhandledErrors: shard.unhandledErrors,
    lateActivity: shard.lateActivity,
  }))
}
