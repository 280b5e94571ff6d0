import type { FileEntry, TestEntry } from '../../../shared/report.js'
import { routeHref } from '../routing/route'
import { duration, plural } from '../text/format'
import { Badge, StateBadge } from '../ui/badges'
import { ErrorView } from '../ui/error-view'
import { Empty } from '../ui/layout'
import { OperationView } from '../ui/operation-view'
import { usePage } from '../ui/page-context'
import { TestRef } from '../ui/test-ref'

const scopeWords = { 'test': 'a test', 'suite-hook': 'a beforeAll or afterAll hook', 'module': 'the file\'s top level' } as const

function FileCard({ file, tests }: { file: FileEntry, tests: number }) {
  return (
    <div class={`card ${file.state === 'failed' ? 'card-bad' : ''}`}>
      <div class="card-head">
        <StateBadge state={file.state} />
        <a class="file-name" href={routeHref({ view: 'tests', filter: { flags: [], file: file.file, text: '' } })}>{file.file}</a>
        <span class="muted">{plural(tests, 'test')} · {duration(file.durationMs)}</span>
        {file.project ? <span class="muted">project {file.project}</span> : null}
        {file.worker ? <span class="muted">{file.worker.pool} · pid {file.worker.pid}{file.worker.threadId !== null ? ` · thread ${file.worker.threadId}` : ''}</span> : null}
        {file.teardown.length > 0 ? <Badge tone="warn">{plural(file.teardown.length, 'handle')} open at the end</Badge> : null}
      </div>
      {file.errors.map((error, position) => <ErrorView key={position} error={error} />)}
      {file.teardown.length > 0
        ? (
            <details class="teardown" open={file.teardown.length <= 5}>
              <summary>Still open when the file's tests had all run</summary>
              {file.teardown.map((record, position) => (
                <div key={position} class="teardown-item">
                  <div>Opened by {record.owner ? <TestRef test={record.owner} showFile={false} /> : scopeWords[record.ownerScope] ?? record.ownerScope}</div>
                  <OperationView operation={record.operation} />
                </div>
              ))}
            </details>
          )
        : null}
    </div>
  )
}

function testCounts(tests: readonly TestEntry[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const test of tests) {
    counts.set(test.file, (counts.get(test.file) ?? 0) + 1)
  }
  return counts
}

/** Test files: state, duration, file-level errors, and handles left open at the end. */
export function FilesView() {
  const { data } = usePage()
  const files = data.report.files
  const counts = testCounts(data.report.tests)
  return (
    <div class="view">
      <h1 class="view-title">Files <span class="count">{files.length}</span></h1>
      {files.length === 0 ? <Empty>No test files yet.</Empty> : null}
      {files.map(file => <FileCard key={`${file.project}\u0000${file.file}`} file={file} tests={counts.get(file.file) ?? 0} />)}
    </div>
  )
}
