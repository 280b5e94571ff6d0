import { execFileSync } from 'node:child_process'
import { realpathSync } from 'node:fs'
import { isAbsolute, relative, resolve, sep } from 'node:path'

function realPath(path: string): string {
  try {
    return realpathSync(path)
  }
  catch {
    return path
  }
}

function gitTopLevel(root: string): string | null {
  try {
    const top = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim()
    return top === '' ? null : top
  }
  catch {
    return null
  }
}

/**
 * The folder GitHub resolves an annotation's `file` against: `GITHUB_WORKSPACE` when set, else the git
 * top level of the Vitest root, else the Vitest root itself. Symbolic links are resolved, as git does.
 */
export function findRepositoryRoot(root: string, env: NodeJS.ProcessEnv): string {
  const workspace = env.GITHUB_WORKSPACE
  return realPath(workspace ? resolve(workspace) : gitTopLevel(root) ?? root)
}

/** Maps a path relative to the Vitest root (as the report has them) to one relative to the repository, with `/`. */
export type RepositoryPath = (rootRelative: string) => string

/** Files outside the repository keep their absolute path. */
export function repositoryPaths(root: string, repositoryRoot: string): RepositoryPath {
  const realRoot = realPath(root)
  return (file) => {
    const absolute = isAbsolute(file) ? file : resolve(realRoot, file)
    const path = relative(repositoryRoot, absolute)
    return path.startsWith('..') || isAbsolute(path) ? absolute.split(sep).join('/') : path.split(sep).join('/')
  }
}
