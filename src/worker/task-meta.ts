import type { RunnerTestCase, RunnerTestFile } from 'vitest'
import type { FileMetaData, TestMetaData, WorkerInfo } from '../shared/session.js'
import { META_KEY } from '../shared/constants.js'

type WithOurMeta<T> = Record<string, unknown> & { [META_KEY]?: T }

export function testMeta(task: RunnerTestCase): TestMetaData {
  const meta = task.meta as WithOurMeta<TestMetaData>
  meta[META_KEY] ??= { sessions: [] }
  return meta[META_KEY]
}

export function fileMeta(file: RunnerTestFile, worker: WorkerInfo): FileMetaData {
  const meta = file.meta as WithOurMeta<FileMetaData>
  meta[META_KEY] ??= { worker, unhandledErrors: [], lateActivity: [], teardown: [] }
  return meta[META_KEY]
}
