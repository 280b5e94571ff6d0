import type { AsyncDebugReport } from '../../src/shared/report.js'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Ajv2020 } from 'ajv/dist/2020.js'

const schemaPath = fileURLToPath(new URL('../../schema/report.schema.json', import.meta.url))
const ajv = new Ajv2020({ strict: true, allErrors: true })
ajv.addFormat('date-time', value => !Number.isNaN(Date.parse(value)))
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object)

/** Throws with every schema violation listed when `report` does not match the shipped schema. */
export function assertValidReport(report: unknown): asserts report is AsyncDebugReport {
  if (!validate(report)) {
    throw new Error(`report does not match schema/report.schema.json:\n${ajv.errorsText(validate.errors, { separator: '\n' })}`)
  }
}
