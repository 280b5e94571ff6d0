import { spawn } from 'node:child_process'
import { cliPath } from './stack.js'

export interface CliResult {
  exitCode: number | null
  stdout: string
  stderr: string
}

/** Runs the installed `vitest-async-debug` command as a user would, without a terminal and without CI. */
/** `command` replaces `node <cli>` (a wrapper that runs it, say); `args` follow it. */
export function runCli(args: string[], options: { cwd: string, env?: Record<string, string>, command?: string[] }): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...options.env }
  for (const key of Object.keys(env)) {
    if (key.startsWith('VITEST') || key === 'CI' || key.startsWith('GITHUB_')) {
      delete env[key]
    }
  }
  return new Promise((resolve, reject) => {
    const [file, ...first] = options.command ?? [process.execPath, cliPath]
    const child = spawn(file!, [...first, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk })
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk })
    child.on('error', reject)
    child.on('close', exitCode => resolve({ exitCode, stdout, stderr }))
  })
}
