import { resolve } from 'node:path'
import pc from 'picocolors'
import { PLUGIN_NAME } from '../../shared/constants.js'
import { mergeReports } from '../../report/merge/merge-reports.js'
import { progressLine } from '../../report/progress-line.js'
import { readReportFile } from '../../report/read-report.js'
import { reportJson } from '../../report/report-json.js'
import { UsageError } from '../usage-error.js'
import { htmlOf, htmlPathFor } from './html-output.js'
import { shownPath, writeOutput } from './write-output.js'

export interface MergeCommandOptions {
  output?: string
  html?: string | boolean
  root?: string
}

/**
 * `merge <reports…> -o merged.json`: one report from the `--shard` runs of one suite. Every input is read
 * and checked, and the outputs built, before anything is written: bad input leaves nothing behind.
 */
export async function mergeCommand(files: readonly string[], options: MergeCommandOptions): Promise<number> {
  if (typeof options.output !== 'string' || options.output === '') {
    throw new UsageError('-o <file> is required: where to write the merged report, e.g. -o merged.json')
  }
  const outputPath = resolve(options.output)
  const progress = progressLine()
  try {
    const inputs = files.map((file, index) => {
      progress.update(`${PLUGIN_NAME}: reading report ${index + 1} of ${files.length}: ${file}`)
      const path = resolve(file)
      return { path, report: readReportFile(path) }
    })
    progress.update(`${PLUGIN_NAME}: merging ${inputs.length} reports`)
    const merged = mergeReports(inputs)
    const json = reportJson(merged)
    const htmlPath = htmlPathFor(options.html, outputPath)
    const html = htmlPath === null ? null : htmlOf(merged, resolve(options.root ?? '.'))
    progress.update(`${PLUGIN_NAME}: writing ${shownPath(outputPath)}`)
    writeOutput(outputPath, json, 'merged report')
    if (htmlPath !== null && html !== null) {
      writeOutput(htmlPath, html, 'HTML report')
    }
    progress.done()
    const { summary } = merged
    process.stdout.write(`${pc.magenta(PLUGIN_NAME)} merged ${inputs.length} reports: ${summary.tests} tests (${summary.passed} passed, ${summary.failed} failed), ${summary.testsWithDiagnosis} with a diagnosis, ${summary.unhandledErrors} unhandled error${summary.unhandledErrors === 1 ? '' : 's'}\n`)
    process.stdout.write(`${pc.magenta(PLUGIN_NAME)} report written to ${shownPath(outputPath)}\n`)
    if (htmlPath !== null) {
      process.stdout.write(`${pc.magenta(PLUGIN_NAME)} HTML report written to ${shownPath(htmlPath)}\n`)
    }
    return 0
  }
  finally {
    progress.done()
  }
}
