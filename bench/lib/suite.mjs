import { cp, mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

const MAX_TEST_FILES = 20

const FILE_PREAMBLE = `import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

let server: Server
let baseUrl: string
let workDir: string

function delay(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}

async function square(n: number): Promise<number> {
  await delay(0)
  return n * n
}

async function sumDown(depth: number): Promise<number> {
  if (depth === 0) {
    return 0
  }
  const rest = await sumDown(depth - 1)
  return depth + rest
}

interface Resource {
  path: string
  items: number[]
}

async function getJson(path: string): Promise<Resource> {
  const response = await fetch(baseUrl + path)
  expect(response.status).toBe(200)
  return (await response.json()) as Resource
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const items = Array.from({ length: 20 }, (_, index) => index * 3)
    const body = JSON.stringify({ path: request.url, items })
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
    response.end(body)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  baseUrl = 'http://127.0.0.1:' + (server.address() as AddressInfo).port
  workDir = await mkdtemp(join(tmpdir(), 'vitest-async-debug-bench-'))
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve, reject) => server.close(error => (error ? reject(error) : resolve())))
  await rm(workDir, { recursive: true, force: true })
})
`

const TEST_KINDS = [
  timerTest,
  httpTest,
  fsTest,
  promiseAllTest,
  timerTest,
  httpTest,
  nestedAwaitTest,
  fsTest,
  promiseAllTest,
  schedulingTest,
]

function timerTest(id) {
  const ms = id % 6
  return `  test('resolves after a ${ms} ms timer (#${id})', async () => {
    const value = await delay(${ms}).then(() => ${id} * 2)
    expect(value).toBe(${id * 2})
  })
`
}

function httpTest(id) {
  return `  test('fetches a resource over http (#${id})', async () => {
    const body = await getJson('/resources/${id}')
    expect(body.path).toBe('/resources/${id}')
    expect(body.items).toHaveLength(20)
  })
`
}

function fsTest(id) {
  return `  test('writes, appends and reads back a file (#${id})', async () => {
    const file = join(workDir, 'record-${id}.txt')
    await writeFile(file, 'record ${id}\\n')
    await appendFile(file, 'checked\\n')
    expect(await readFile(file, 'utf8')).toBe('record ${id}\\nchecked\\n')
  })
`
}

function promiseAllTest(id) {
  return `  test('awaits fifty small async functions together (#${id})', async () => {
    const squares = await Promise.all(Array.from({ length: 50 }, (_, n) => square(n)))
    expect(squares.reduce((total, value) => total + value, 0)).toBe(40425)
  })
`
}

function nestedAwaitTest(id) {
  const depth = 10 + (id % 20)
  return `  test('sums through ${depth} nested awaits (#${id})', async () => {
    const total = await sumDown(${depth})
    expect(total).toBe(${(depth * (depth + 1)) / 2})
  })
`
}

function schedulingTest(id) {
  return `  test('runs a microtask before an immediate (#${id})', async () => {
    const order: string[] = []
    await new Promise<void>(resolve => {
      setImmediate(() => {
        order.push('immediate')
        resolve()
      })
      queueMicrotask(() => order.push('microtask'))
    })
    expect(order).toEqual(['microtask', 'immediate'])
  })
`
}

function testIdsPerFile(testCount) {
  const fileCount = Math.min(MAX_TEST_FILES, testCount)
  const files = Array.from({ length: fileCount }, () => [])
  for (let id = 0; id < testCount; id++) {
    files[id % fileCount].push(id)
  }
  return files
}

function testFileSource(fileIndex, testIds) {
  const tests = testIds.map((id, position) => {
    const kind = TEST_KINDS[(position + fileIndex) % TEST_KINDS.length]
    return kind(id)
  })
  return `${FILE_PREAMBLE}
describe('module ${fileIndex + 1}', () => {
${tests.join('\n')}})
`
}

function configSource(root, include, withPlugin, testOptions = '', reportFile = false, extraOptions = '') {
  const pluginImport = withPlugin ? `import asyncDebug from 'vitest-async-debug'\n` : ''
  // Without a JSON report, no HTML report either: the plain "plugin" variant measures the run itself.
  const htmlReport = reportFile === false ? ', htmlReport: false' : ''
  const pluginsLine = withPlugin ? `  plugins: [asyncDebug({ reportFile: ${JSON.stringify(reportFile)}, terminal: false${htmlReport}${extraOptions} })],\n` : ''
  return `import { defineConfig } from 'vitest/config'
${pluginImport}
export default defineConfig({
${pluginsLine}  root: ${JSON.stringify(root)},
  test: {
    include: [${JSON.stringify(include)}],
    reporters: ['dot'],
    testTimeout: 600_000,${testOptions}
  },
})
`
}

/** The two configs of a scenario, and the folder its runs start in (a real suite's tests expect their own). */
async function writeConfigs(suiteDir, name, include, root = suiteDir, testOptions = '') {
  const plainConfig = join(suiteDir, `${name}.plain.config.mjs`)
  const pluginConfig = join(suiteDir, `${name}.plugin.config.mjs`)
  await writeFile(plainConfig, configSource(root, include, false, testOptions))
  await writeFile(pluginConfig, configSource(root, include, true, testOptions))
  return { plainConfig, pluginConfig, cwd: root }
}

/** A real suite's configs, and one more that writes the plugin's report, to count its findings. */
async function writeRealConfigs(suiteDir, name, root, testOptions) {
  const configs = await writeConfigs(suiteDir, `real-${name}`, 'test/**/*.test.ts', root, testOptions)
  const reportFile = join(suiteDir, `real-${name}.report.json`)
  const precisionConfig = join(suiteDir, `real-${name}.precision.config.mjs`)
  await writeFile(precisionConfig, configSource(root, 'test/**/*.test.ts', true, testOptions, reportFile))
  return { ...configs, precision: { name, config: precisionConfig, reportFile } }
}

/**
 * The real suites the e2e suite checks (test/fixtures/real), each with its own settings: the overhead on
 * projects nobody wrote for this plugin.
 */
async function copyRealSuites(suiteDir, repoDir) {
  const realDir = join(suiteDir, 'real')
  await cp(join(repoDir, 'test/fixtures/real'), realDir, { recursive: true })
  return {
    ofetch: await writeRealConfigs(suiteDir, 'ofetch', join(realDir, 'ofetch')),
    tinypool: await writeRealConfigs(suiteDir, 'tinypool', join(realDir, 'tinypool'), '\n    globals: true,\n    isolate: false,'),
  }
}

const MILLION_AWAITS = `import { expect, test } from 'vitest'

test('awaits a million promises', async () => {
  let total = 0
  for (let i = 0; i < 1_000_000; i++) {
    total += await Promise.resolve(1)
  }
  expect(total).toBe(1_000_000)
})
`

const MILLION_RESOURCES = `import { expect, test } from 'vitest'

test('creates and clears a million timers', () => {
  let cleared = 0
  for (let i = 0; i < 1_000_000; i++) {
    clearTimeout(setTimeout(() => {}, 60_000))
    cleared++
  }
  expect(cleared).toBe(1_000_000)
})

test('leaves a million promises pending', () => {
  let created = 0
  for (let i = 0; i < 1_000_000; i++) {
    void new Promise(() => {})
    created++
  }
  expect(created).toBe(1_000_000)
})
`

/** One test that is nothing but awaits, and one file that creates a million timers and promises. */
async function generateStress(suiteDir) {
  const stressDir = join(suiteDir, 'stress')
  await mkdir(stressDir, { recursive: true })
  await writeFile(join(stressDir, 'million-awaits.test.ts'), MILLION_AWAITS)
  await writeFile(join(stressDir, 'million-resources.test.ts'), MILLION_RESOURCES)
  return {
    awaits: await writeConfigs(suiteDir, 'million-awaits', 'stress/million-awaits.test.ts'),
    resources: await writeConfigs(suiteDir, 'million-resources', 'stress/million-resources.test.ts'),
  }
}

/**
 * Installs the built package into the suite's node_modules, as users get it: Vite then leaves it to
 * Node instead of transforming it in every worker. The suite's own package.json stops Node from
 * resolving `vitest-async-debug` to the repository itself (package self-reference).
 */
async function installBuiltPackage(suiteDir, repoDir) {
  const packageDir = join(suiteDir, 'node_modules', 'vitest-async-debug')
  await mkdir(packageDir, { recursive: true })
  for (const entry of ['package.json', 'dist', 'schema']) {
    await cp(join(repoDir, entry), join(packageDir, entry), { recursive: true })
  }
  await writeFile(join(suiteDir, 'package.json'), `${JSON.stringify({ name: 'bench-suite', private: true, type: 'module' }, null, 2)}\n`)
}

export async function generateSuite(suiteDir, testCount, repoDir) {
  await rm(suiteDir, { recursive: true, force: true })
  const testsDir = join(suiteDir, 'tests')
  await mkdir(testsDir, { recursive: true })

  const files = testIdsPerFile(testCount)
  await Promise.all(files.map((testIds, fileIndex) => {
    const name = `module-${String(fileIndex + 1).padStart(2, '0')}.test.ts`
    return writeFile(join(testsDir, name), testFileSource(fileIndex, testIds))
  }))

  const realistic = await writeConfigs(suiteDir, 'suite', 'tests/**/*.test.ts')
  // The same run writing what CI keeps: report.json and report.html.
  realistic.reportsConfig = join(suiteDir, 'suite.reports.config.mjs')
  await writeFile(realistic.reportsConfig, configSource(suiteDir, 'tests/**/*.test.ts', true, '', join(suiteDir, 'reports/report.json')))
  // The same run without the event-loop monitor: the two rows tell what the monitor costs.
  realistic.noBlockingConfig = join(suiteDir, 'suite.no-blocking.config.mjs')
  await writeFile(realistic.noBlockingConfig, configSource(suiteDir, 'tests/**/*.test.ts', true, '', false, ', blocking: false'))
  const stress = await generateStress(suiteDir)
  const real = await copyRealSuites(suiteDir, repoDir)
  await installBuiltPackage(suiteDir, repoDir)

  return { fileCount: files.length, realistic, stress, real }
}
