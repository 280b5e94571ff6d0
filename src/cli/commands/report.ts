import type { AsyncDebugReport } from '../../shared/report.js'
import { resolve } from 'node:path'
import pc from 'picocolors'
import { DEFAULT_REPORT_FILE, PLUGIN_NAME } from '../../shared/constants.js'
import { readReportFile } from '../../report/read-report.js'
import { formatTerminalSummary } from '../../report/terminal.js'
import { openInBrowser } from '../open-in-browser.js'
import { htmlOf, htmlPathFor } from './html-output.js'
import { reportDigest } from './report-digest.js'
import { shownPath, writeOutput } from './write-output.js'

export interface ReportCommandOptions {
  html?: string | boolean
  open?: boolean
  json?: boolean
  root?: string
}

function headline(report: AsyncDebugReport): string {
  const { summary, run } = report
  const counts = [`${summary.passed} passed`, summary.failed > 0 && `${summary.failed} failed`, summary.skipped > 0 && `${summary.skipped} skipped`, summary.pending > 0 && `${summary.pending} not run`]
    .filter(Boolean).join(', ')
  const shards = report.shards.length > 0 ? `, merged from ${report.shards.length} shards` : run.shard ? `, shard ${run.shard.index}/${run.shard.count}` : ''
  return `run ${run.status} at ${run.finishedAt}${shards}: ${summary.tests} tests (${counts}), ${summary.testsWithDiagnosis} with a diagnosis, ${summary.unhandledErrors} unhandled error${summary.unhandledErrors === 1 ? '' : 's'}`
}

/** `report [report.json]`: the terminal block of a saved report (one from CI, say), its HTML report, or both. */
export async function showReport(file: string | undefined, options: ReportCommandOptions): Promise<number> {
  const path = resolve(file ?? DEFAULT_REPORT_FILE)
  const report = readReportFile(path)
  const htmlPath = htmlPathFor(options.open && options.html === undefined ? true : options.html, path)
  if (htmlPath !== null) {
    writeOutput(htmlPath, htmlOf(report, resolve(options.root ?? '.')), 'HTML report')
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify(reportDigest(report, path), null, 2)}\n`)
  }
  else {
    const block = formatTerminalSummary(report)
    process.stdout.write(`${pc.magenta(PLUGIN_NAME)} ${shownPath(path)}: ${headline(report)}\n${block.length > 0 ? block.join('\n') : '\nNothing to diagnose: no unhandled errors, and no test left work running.'}\n`)
  }
  if (htmlPath !== null) {
    const written = `${pc.magenta(PLUGIN_NAME)} HTML report written to ${shownPath(htmlPath)}\n`
    // With --json, stdout holds the document alone.
    if (options.json) {
      process.stderr.write(written)
    }
    else {
      process.stdout.write(`\n${written}`)
    }
  }
  if (options.open && htmlPath !== null) {
    const failure = await openInBrowser(htmlPath)
    if (failure) {
      process.stderr.write(`${PLUGIN_NAME}: could not open a browser: ${failure}. Open ${shownPath(htmlPath)} yourself.\n`)
      return 1
    }
  }
  return 0
}
