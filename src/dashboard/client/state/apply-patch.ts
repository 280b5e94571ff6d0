import type { PageData, PagePatch, WorkerView } from '../../../shared/page-data.js'
import type { TestEntry } from '../../../shared/report.js'

/** Samples kept per worker: ten minutes at one a second. */
export const maxSamplesPerWorker = 600

/**
 * A dashboard patch merged into the page's data: report fields replaced, tests upserted by id (new ones
 * last), workers replaced by key with their newer samples appended, running tests replaced, sources merged.
 */
export function applyPatch(data: PageData, patch: PagePatch): PageData {
  return {
    ...data,
    progress: patch.progress ?? data.progress,
    report: { ...patch.report, tests: upsertTests(data.report.tests, patch.tests) },
    workers: mergeWorkers(data.workers, patch.workers),
    running: patch.running,
    sources: mergeSources(data.sources, patch.sources),
  }
}

function upsertTests(tests: readonly TestEntry[], changed: readonly TestEntry[]): TestEntry[] {
  if (changed.length === 0) {
    return tests as TestEntry[]
  }
  const positions = new Map<string, number>()
  tests.forEach((test, index) => positions.set(test.id, index))
  const merged = tests.slice()
  for (const test of changed) {
    const at = positions.get(test.id)
    if (at === undefined) {
      positions.set(test.id, merged.length)
      merged.push(test)
    }
    else {
      merged[at] = test
    }
  }
  return merged
}

function mergeWorkers(workers: readonly WorkerView[], changed: readonly WorkerView[]): WorkerView[] {
  if (changed.length === 0) {
    return workers as WorkerView[]
  }
  const merged = workers.slice()
  for (const worker of changed) {
    const at = merged.findIndex(known => known.key === worker.key)
    if (at === -1) {
      merged.push({ ...worker, samples: worker.samples.slice(-maxSamplesPerWorker) })
    }
    else {
      // A page that connected between two patches has some of the next patch's samples in its snapshot.
      const known = merged[at]!.samples
      const lastAt = known.at(-1)?.at ?? -Infinity
      const samples = [...known, ...worker.samples.filter(sample => sample.at > lastAt)]
      merged[at] = { ...worker, samples: samples.length > maxSamplesPerWorker ? samples.slice(-maxSamplesPerWorker) : samples }
    }
  }
  return merged
}

function mergeSources(sources: PageData['sources'], added: PageData['sources']): PageData['sources'] {
  const files = Object.keys(added)
  if (files.length === 0) {
    return sources
  }
  const merged = { ...sources }
  for (const file of files) {
    merged[file] = { ...merged[file], ...added[file] }
  }
  return merged
}
