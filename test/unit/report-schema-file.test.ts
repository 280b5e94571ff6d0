import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { REPORT_SCHEMA_VERSION } from '../../src/shared/report.js'

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')

test('the shipped schema, its $id and the format docs name the version the plugin writes', () => {
  const schema = JSON.parse(read('schema/report.schema.json')) as { $id: string, properties: { schemaVersion: { const: number } } }
  expect(schema.properties.schemaVersion.const).toBe(REPORT_SCHEMA_VERSION)
  expect(schema.$id).toMatch(new RegExp(`/report-v${REPORT_SCHEMA_VERSION}\\.json$`))
  expect(read('docs/report-format.md').split('\n')[0]).toBe(`# Report format (schema version ${REPORT_SCHEMA_VERSION})`)
})
