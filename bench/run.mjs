import { mkdir, readFile, rm } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { gnuTimeAvailable, measureRun, rssFilePath } from './lib/measure.mjs'
import { comparisonTable, machineFacts, precisionTable, resultsTable, summarize } from './lib/report.mjs'
import { resolveStack, vitestVersionOf } from './lib/stack.mjs'
import { generateSuite } from './lib/suite.mjs'
import { classifyFindings } from '../test/fixtures/real/checked-findings.mjs'

const benchDir = dirname(fileURLToPath(import.meta.url))
const repoDir = resolve(benchDir, '..')
const generatedDir = join(benchDir, '.generated')
const suiteDir = join(generatedDir, 'suite')
const rssDir = join(generatedDir, 'rss')

const SCENARIOS = ['suite', 'million-awaits', 'million-resources', 'real-ofetch', 'real-tinypool']
const USAGE = `usage: node bench/run.mjs [--tests N] [--runs R] [--only ${SCENARIOS.join('|')}] [--node MAJOR]   (defaults: --tests 300 --runs 5, every scenario, this Node with Vitest 4.1; --node 24 runs Node 24 with Vitest 5)`

function positiveInteger(flag, text) {
  const value = Number(text)
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${flag} must be a whole number of at least 1, got ${JSON.stringify(text)}`)
  }
  return value
}

function readOptions() {
  const { values } = parseArgs({
    options: {
      tests: { type: 'string', default: '300' },
      runs: { type: 'string', default: '5' },
      only: { type: 'string', multiple: true },
      node: { type: 'string' },
    },
  })
  const only = values.only ?? SCENARIOS
  const unknown = only.filter(name => !SCENARIOS.includes(name))
  if (unknown.length > 0) {
    throw new Error(`--only takes ${SCENARIOS.join(', ')}; got ${unknown.join(', ')}`)
  }
  return {
    testCount: positiveInteger('--tests', values.tests),
    runCount: positiveInteger('--runs', values.runs),
    only,
    nodeMajor: values.node === undefined ? undefined : positiveInteger('--node', values.node),
  }
}

function defineVariants({ plainConfig, pluginConfig, reportsConfig, noBlockingConfig, cwd }) {
  return [
    { name: 'plain', args: ['--config', plainConfig], cwd },
    { name: 'plugin', args: ['--config', pluginConfig], cwd },
    ...noBlockingConfig ? [{ name: 'plugin-no-blocking', args: ['--config', noBlockingConfig], cwd }] : [],
    // Vitest's own detector may crash on the stress scenarios; that is a result, not a benchmark failure.
    { name: 'detect-async-leaks', args: ['--config', plainConfig, '--detect-async-leaks'], cwd, mayFail: true },
    ...reportsConfig ? [{ name: 'plugin+reports', args: ['--config', reportsConfig], cwd }] : [],
  ]
}

function rotated(variants, round) {
  const shift = round % variants.length
  return [...variants.slice(shift), ...variants.slice(0, shift)]
}

function failRun(variant, run) {
  console.error(`\n${variant.name} run failed (exit code ${run.exitCode}, signal ${run.signal}):`)
  console.error(`$ ${run.commandLine}`)
  console.error(run.output)
  process.exit(1)
}

let stack

async function runVariant(variant, label, measureMemory) {
  const rssFile = measureMemory ? rssFilePath(rssDir, variant.name, label) : undefined
  const run = await measureRun({ nodePath: stack.nodePath, vitestBin: join(stack.vitestDir, 'vitest.mjs'), suiteDir: variant.cwd, args: variant.args, rssFile })
  if (run.exitCode !== 0 && variant.mayFail) {
    const reason = run.output.split('\n').find(line => /^\w*Error\b/.test(line.trim())) ?? `exit code ${run.exitCode}`
    console.log(`  ${label.padEnd(8)} ${variant.name.padEnd(20)} failed: ${reason.trim()}`)
    return { ...run, failed: true }
  }
  if (run.exitCode !== 0) {
    failRun(variant, run)
  }
  console.log(`  ${label.padEnd(8)} ${variant.name.padEnd(20)} ${run.wallMs.toFixed(0).padStart(6)} ms`)
  return run
}

/** Returns the variants that did not fail: one that crashes in the warm-up is not run again (it takes minutes). */
async function warmUp(variants, measureMemory) {
  console.log('warm-up (not counted)')
  const working = []
  for (const variant of variants) {
    const run = await runVariant(variant, 'warm-up', measureMemory)
    if (!run.failed) {
      working.push(variant)
    }
  }
  return working
}

async function measureRounds(variants, working, runCount, measureMemory) {
  const runsByVariant = new Map(variants.map(variant => [variant.name, []]))
  for (let round = 0; round < runCount; round++) {
    console.log(`round ${round + 1}/${runCount}`)
    for (const variant of rotated(working, round)) {
      const run = await runVariant(variant, `round-${round + 1}`, measureMemory)
      runsByVariant.get(variant.name).push(run)
    }
  }
  return runsByVariant
}

/** Measures one scenario: every variant in every round, rotated; returns one summary per variant. */
async function measureScenario(name, configs, runCount, measureMemory) {
  const variants = defineVariants(configs)
  console.log(`\n== ${name} ==`)
  const working = await warmUp(variants, measureMemory)
  const runsByVariant = await measureRounds(variants, working, runCount, measureMemory)
  const summaries = variants.map(variant => summarize(variant.name, runsByVariant.get(variant.name)))
  console.log(`\n${resultsTable(summaries, 'plain', measureMemory)}`)
  return summaries
}

/**
 * One more run of a real suite with the report on: each finding is true when it is on the list checked by
 * hand (test/fixtures/real/checked-findings.mjs); any other counts as false until someone checks it.
 */
async function measurePrecision({ precision, cwd }) {
  const run = await measureRun({ nodePath: stack.nodePath, vitestBin: join(stack.vitestDir, 'vitest.mjs'), suiteDir: cwd, args: ['--config', precision.config] })
  if (run.exitCode !== 0) {
    failRun({ name: `${precision.name} (findings)` }, run)
  }
  const report = JSON.parse(await readFile(precision.reportFile, 'utf8'))
  return { name: precision.name, ...classifyFindings(precision.name, report) }
}

async function main() {
  let options
  try {
    options = readOptions()
  } catch (error) {
    console.error(`${error.message}\n${USAGE}`)
    process.exit(1)
  }
  const { testCount, runCount, only, nodeMajor } = options
  stack = resolveStack(repoDir, nodeMajor)

  await rm(generatedDir, { recursive: true, force: true })
  await mkdir(rssDir, { recursive: true })
  const suite = await generateSuite(suiteDir, testCount, repoDir)
  await stack.linkInto(suiteDir)
  const measureMemory = gnuTimeAvailable()
  const scenarios = [
    { name: 'suite', title: `realistic suite: ${testCount} async tests in ${suite.fileCount} files`, configs: suite.realistic, runs: runCount },
    { name: 'million-awaits', title: 'one test awaiting a million promises', configs: suite.stress.awaits, runs: Math.min(runCount, 3) },
    { name: 'million-resources', title: 'a million timers created and cleared, a million promises left pending', configs: suite.stress.resources, runs: Math.min(runCount, 3) },
    { name: 'real-ofetch', title: 'ofetch\'s own suite (HTTP server, fetch, retries)', configs: suite.real.ofetch, runs: runCount },
    { name: 'real-tinypool', title: 'tinypool\'s own suite (worker threads, child processes)', configs: suite.real.tinypool, runs: Math.min(runCount, 3) },
  ].filter(scenario => only.includes(scenario.name))

  console.log(`vitest-async-debug benchmark: ${scenarios.map(scenario => scenario.name).join(', ')}; ${runCount} rounds (3 at most for the million scenarios); Node ${stack.nodeVersion}, Vitest ${vitestVersionOf(stack)}`)
  if (!measureMemory) {
    console.log('/usr/bin/time not found: peak memory is not measured')
  }
  const results = []
  for (const scenario of scenarios) {
    results.push({ ...scenario, summaries: await measureScenario(scenario.title, scenario.configs, scenario.runs, measureMemory) })
  }

  console.log(`\n== side by side ==\n${comparisonTable(results, measureMemory, stack.budgets)}\n`)
  const precision = []
  for (const scenario of scenarios.filter(scenario => scenario.configs.precision)) {
    precision.push(await measurePrecision(scenario.configs))
  }
  if (precision.length > 0) {
    console.log(`== findings on the real suites ==\n${precisionTable(precision)}\n`)
  }
  console.log(machineFacts(stack.nodeVersion, vitestVersionOf(stack)))
}

await main()
