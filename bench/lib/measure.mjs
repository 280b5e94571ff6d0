import { spawn, spawnSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

const GNU_TIME = '/usr/bin/time'

export function gnuTimeAvailable() {
  return spawnSync('sh', ['-c', `command -v ${GNU_TIME}`]).status === 0
}

function collectOutput(child) {
  const chunks = []
  child.stdout.on('data', chunk => chunks.push(chunk))
  child.stderr.on('data', chunk => chunks.push(chunk))
  return () => Buffer.concat(chunks).toString('utf8')
}

function waitForClose(child) {
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal }))
  })
}

async function readPeakRssMb(rssFile) {
  const kilobytes = Number.parseInt((await readFile(rssFile, 'utf8')).trim().split('\n').at(-1), 10)
  return kilobytes / 1024
}

/**
 * Runs one vitest process and returns its wall time, peak RSS (largest single
 * process of the tree, as reported by GNU time) and combined output.
 */
export async function measureRun({ nodePath, vitestBin, suiteDir, args, rssFile }) {
  const vitestCommand = [nodePath, vitestBin, 'run', ...args]
  const [command, ...commandArgs] = rssFile
    ? [GNU_TIME, '-f', '%M', '-o', rssFile, ...vitestCommand]
    : vitestCommand
  const env = { ...process.env, NO_COLOR: '1', CI: '1' }
  delete env.FORCE_COLOR

  const started = process.hrtime.bigint()
  const child = spawn(command, commandArgs, { cwd: suiteDir, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const output = collectOutput(child)
  const { code, signal } = await waitForClose(child)
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6

  return {
    commandLine: [command, ...commandArgs].join(' '),
    exitCode: code,
    signal,
    wallMs,
    peakRssMb: rssFile && code === 0 ? await readPeakRssMb(rssFile) : undefined,
    output: output(),
  }
}

export function rssFilePath(dir, variantName, label) {
  return join(dir, `${variantName}-${label}.txt`)
}
