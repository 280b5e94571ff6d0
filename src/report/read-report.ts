import type { AsyncDebugReport } from '../shared/report.js'
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { PLUGIN_NAME } from '../shared/constants.js'
import { REPORT_SCHEMA_VERSION } from '../shared/report.js'
import { readPluginVersion } from '../plugin/paths.js'
import { ReportInputError } from './report-input-error.js'

export { ReportInputError } from './report-input-error.js'
export type { ReportInputErrorCode } from './report-input-error.js'

const writtenAnew = 'run the tests again to write it anew'

/** The top-level fields a reader relies on, and what each must be. Not the whole schema: only what tells a damaged file. */
const topLevelShape: Record<string, 'object' | 'array'> = {
  run: 'object',
  environment: 'object',
  summary: 'object',
  files: 'array',
  tests: 'array',
  unhandledErrors: 'array',
  lateActivity: 'array',
  debugServers: 'object',
  pluginFaults: 'array',
  shards: 'array',
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function readText(path: string): string {
  try {
    if (statSync(path).isDirectory()) {
      const inside = join(path, 'report.json')
      throw new ReportInputError('ASYNC_DEBUG_REPORT_IS_FOLDER', `${path} is a folder, not a report: pass the report file itself, e.g. ${inside}.`)
    }
    return readFileSync(path, 'utf8')
  }
  catch (error) {
    if (error instanceof ReportInputError) {
      throw error
    }
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') {
      throw new ReportInputError('ASYNC_DEBUG_REPORT_NOT_FOUND', `${path} does not exist: pass the path of a JSON report that vitest-async-debug wrote (by default .vitest-async-debug/report.json in the project root).`)
    }
    throw new ReportInputError('ASYNC_DEBUG_REPORT_UNREADABLE', `cannot read ${path} (${code ?? (error as Error).message}): check that the file is readable.`)
  }
}

function parse(path: string, text: string): unknown {
  try {
    return JSON.parse(text)
  }
  catch (error) {
    const reason = text.trim() === '' ? 'it is empty' : (error as Error).message.replace(/\s+/g, ' ')
    throw new ReportInputError('ASYNC_DEBUG_REPORT_NOT_JSON', `${path} is not JSON (${reason}): pass the JSON report that vitest-async-debug wrote, or ${writtenAnew}.`)
  }
}

function checkIsReport(path: string, data: unknown): asserts data is Record<string, unknown> {
  const generator = isObject(data) && isObject(data.generator) ? data.generator : undefined
  if (!isObject(data) || typeof data.schemaVersion !== 'number' || typeof generator?.name !== 'string') {
    throw new ReportInputError('ASYNC_DEBUG_NOT_A_REPORT', `${path} is JSON but not a vitest-async-debug report (it has no schemaVersion and generator.name): pass the JSON report that vitest-async-debug wrote (by default .vitest-async-debug/report.json).`)
  }
  if (generator.name !== PLUGIN_NAME) {
    throw new ReportInputError('ASYNC_DEBUG_NOT_A_REPORT', `${path} is a report of ${generator.name}, not of vitest-async-debug: pass the JSON report that vitest-async-debug wrote (by default .vitest-async-debug/report.json).`)
  }
  if (data.schemaVersion !== REPORT_SCHEMA_VERSION) {
    const writer = typeof generator.version === 'string' ? `vitest-async-debug ${generator.version}` : 'another vitest-async-debug version'
    throw new ReportInputError('ASYNC_DEBUG_REPORT_SCHEMA_VERSION', `${path} is a report of schema version ${data.schemaVersion}, written by ${writer}; this vitest-async-debug (${readPluginVersion()}) reads schema version ${REPORT_SCHEMA_VERSION}: read it with ${writer}, the version that wrote it, or ${writtenAnew} with this version.`)
  }
}

function checkShape(path: string, data: Record<string, unknown>): void {
  const wrong = Object.entries(topLevelShape)
    .filter(([field, kind]) => kind === 'array' ? !Array.isArray(data[field]) : !isObject(data[field]))
    .map(([field, kind]) => `${field} (${kind === 'array' ? 'a list' : 'an object'})`)
  if (wrong.length > 0) {
    throw new ReportInputError('ASYNC_DEBUG_REPORT_INCOMPLETE', `${path} is not a whole vitest-async-debug report: ${wrong.join(', ')} ${wrong.length === 1 ? 'is' : 'are'} missing or not what the format says; ${writtenAnew}.`)
  }
}

/**
 * Reads a JSON report that vitest-async-debug wrote. Checks that it is one, of this schema version, with
 * every top-level field in place (a structural check, not the whole schema). Throws a ReportInputError
 * whose one-line message names the file and the fix.
 */
export function readReportFile(path: string): AsyncDebugReport {
  const data = parse(path, readText(path))
  checkIsReport(path, data)
  checkShape(path, data)
  return data as unknown as AsyncDebugReport
}
