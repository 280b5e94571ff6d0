// `npm run demo`: runs the bundled example with the plugin, then shows what Vitest said next to what the plugin found.
// `npm run demo -- --dashboard`: runs it in watch mode with the live dashboard (its URL is printed; q quits).
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = fileURLToPath(new URL('..', import.meta.url))
const exampleRoot = fileURLToPath(new URL('../examples/orders', import.meta.url))
const reportPath = `${exampleRoot}/.vitest-async-debug/report.json`
const htmlPath = `${exampleRoot}/.vitest-async-debug/report.html`
const vitestBin = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url))

async function schemaProblems(report) {
  try {
    const { Ajv2020 } = await import('ajv/dist/2020.js')
    const ajv = new Ajv2020({ strict: true, allErrors: true })
    ajv.addFormat('date-time', value => !Number.isNaN(Date.parse(value)))
    const validate = ajv.compile(JSON.parse(readFileSync(new URL('../schema/report.schema.json', import.meta.url), 'utf8')))
    return validate(report) ? 'valid' : ajv.errorsText(validate.errors)
  }
  catch {
    return 'not checked (ajv is a dev dependency: run npm ci)'
  }
}

if (process.argv.includes('--dashboard')) {
  console.log(`Running the example project (${relative(process.cwd(), exampleRoot)}) in watch mode with the live dashboard: open the URL printed below; save a file to run again; press q to quit.\n`)
  const watch = spawnSync(process.execPath, [vitestBin, 'watch', '--root', exampleRoot, '--', '--dashboard'], { stdio: 'inherit' })
  process.exit(watch.status ?? 1)
}

console.log(`Running the example project (${relative(process.cwd(), exampleRoot)}) with vitest-async-debug…\n`)
// Only this run's reports count.
rmSync(reportPath, { force: true })
rmSync(htmlPath, { force: true })
const vitest = spawnSync(process.execPath, [vitestBin, 'run', '--root', exampleRoot], { stdio: 'inherit' })
if (!existsSync(reportPath)) {
  console.error('\nDemo failed: no report was written.')
  process.exit(1)
}

const report = JSON.parse(readFileSync(reportPath, 'utf8'))
const schema = await schemaProblems(report)
const findings = kind => report.tests.flatMap(test => test.diagnosis.filter(entry => entry.kind === kind).map(entry => ({ test, entry })))
const timeouts = findings('timed-out')
const leftRunning = findings('left-running')
const blocked = findings('blocked-event-loop')
const withLocals = report.tests.flatMap(test => test.sessions.at(-1)?.locals?.frames.length ? [{ test, locals: test.sessions.at(-1).locals }] : [])

console.log(`\n──── What the demo shows ────`)
console.log(`Vitest exited with code ${vitest.status}. ${whatVitestSaid(report)}`)
console.log('vitest-async-debug found:')
for (const error of report.unhandledErrors) {
  const cause = error.attribution.status === 'test' ? `"${error.attribution.test.fullName}"` : `no test (${error.attribution.reason})`
  const blamed = error.vitestBlamed === null ? 'Vitest named no test' : `Vitest blamed: "${error.vitestBlamed}"`
  console.log(`  ${error.type}: ${error.message}\n    ${blamed}   caused by: ${cause}`)
}
for (const { test, entry } of [...timeouts, ...leftRunning, ...blocked]) {
  console.log(`  "${test.fullName}": ${entry.message}`)
}
for (const { test, locals } of withLocals) {
  for (const frame of locals.frames) {
    const variables = frame.variables.map(variable => `${variable.name} = ${variable.value}`).join(', ')
    console.log(`  "${test.fullName}" failed with these locals at ${frame.site.file}:${frame.site.line}: ${variables}`)
  }
}
console.log(`Report: ${relative(process.cwd(), reportPath)} (schema ${schema === 'valid' ? 'valid' : schema}; schema file: ${relative(process.cwd(), `${repoRoot}schema/report.schema.json`)})`)
console.log(existsSync(htmlPath)
  ? `HTML report: ${relative(process.cwd(), htmlPath)} (one file: open it in a browser, or keep it as a CI artifact)`
  : 'HTML report: not written')
// Which test Vitest happens to blame depends on timing; the demo succeeds when the report explains the run.
const explained = report.unhandledErrors.every(error => error.attribution.status === 'test') && timeouts.length > 0 && leftRunning.length > 0 && blocked.length > 0 && withLocals.length > 0
process.exit(explained && existsSync(htmlPath) && (schema === 'valid' || schema.startsWith('not checked')) ? 0 : 1)

/** What Vitest reported in this run, from its own data in the report: never a story told in advance. */
function whatVitestSaid(report) {
  const { failed, unhandledErrors } = report.summary
  const plural = (count, word) => `${count} ${word}${count === 1 ? '' : 's'}`
  const errors = report.unhandledErrors.filter(error => error.attribution.status === 'test')
  const wrong = errors.filter(error => error.vitestBlamed !== null && !error.attribution.vitestAgrees).length
  const right = errors.filter(error => error.attribution.vitestAgrees).length
  const unnamed = errors.filter(error => error.vitestBlamed === null).length
  const blame = [
    wrong > 0 ? `named the wrong test as the likely cause of ${share(wrong, errors.length)}` : '',
    right > 0 ? `named the right test for ${share(right, errors.length)}` : '',
    unnamed > 0 ? `named no test for ${unnamed}` : '',
  ].filter(Boolean)
  const said = `It reported ${plural(failed, 'failed test')} and ${plural(unhandledErrors, 'unhandled error')}`
  return blame.length > 0 ? `${said}, and ${blame.join(', ')}.` : `${said}.`
}

function share(count, total) {
  if (count < total) {
    return `${count} of them`
  }
  return count === 1 ? 'it' : count === 2 ? 'both' : `all ${count}`
}
