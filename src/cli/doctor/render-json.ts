import type { DoctorCheck, DoctorResult } from './check.js'
import { PLUGIN_NAME } from '../../shared/constants.js'
import { passed } from './check.js'

/** Changes when a field of the document changes meaning or goes away; new fields may be added without it. */
export const DOCTOR_SCHEMA_VERSION = 1

export interface DoctorDocument {
  schemaVersion: typeof DOCTOR_SCHEMA_VERSION
  tool: `${typeof PLUGIN_NAME} doctor`
  /** No check failed (warnings allowed): the exit code is 0. */
  ok: boolean
  /** Absolute. */
  root: string
  checks: DoctorCheck[]
}

export function renderJson(result: DoctorResult): string {
  const document: DoctorDocument = {
    schemaVersion: DOCTOR_SCHEMA_VERSION,
    tool: `${PLUGIN_NAME} doctor`,
    ok: passed(result),
    root: result.root,
    checks: result.checks.map(({ id, status, title, detail, fix }) => ({ id, status, title, detail, ...fix === undefined ? {} : { fix } })),
  }
  return `${JSON.stringify(document, null, 2)}\n`
}
