import type { PageData, WorkerView } from '../../shared/page-data.js'
import type { AsyncDebugReport } from '../../shared/report.js'
import { sourceExcerpts } from './source-excerpts.js'

/** What the static HTML report shows: a finished run, with the code around each site read from `root`. */
export function reportPageData(report: AsyncDebugReport, root: string, editorLink: string, workers: WorkerView[] = []): PageData {
  return {
    mode: 'report',
    progress: 'finished',
    report,
    root,
    editorLink,
    sources: sourceExcerpts(report, root),
    workers,
    running: [],
  }
}
