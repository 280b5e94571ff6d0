import type { AsyncDebugReport } from '../../shared/report.js'
import type { CiOptions } from '../../plugin/options.js'
import { appendFileSync } from 'node:fs'
import { PLUGIN_NAME } from '../../shared/constants.js'
import { DEFAULT_MAX_ANNOTATIONS } from '../../plugin/options.js'
import { githubAnnotations } from './annotations.js'
import { findRepositoryRoot, repositoryPaths } from './repository-path.js'
import { stepSummary } from './step-summary.js'
import { workflowCommand } from './workflow-command.js'

export interface GitHubSettings {
  maxAnnotations: number
  /** `$GITHUB_STEP_SUMMARY`; null when not set. */
  summaryFile: string | null
}

/** Null outside GitHub Actions: `ci.github`, else `GITHUB_ACTIONS=true`, turns it on. */
export function githubSettings(ci: CiOptions, env: NodeJS.ProcessEnv): GitHubSettings | null {
  if (!(ci.github ?? env.GITHUB_ACTIONS === 'true')) {
    return null
  }
  return { maxAnnotations: ci.maxAnnotations ?? DEFAULT_MAX_ANNOTATIONS, summaryFile: env.GITHUB_STEP_SUMMARY || null }
}

export interface GitHubPublication {
  root: string
  settings: GitHubSettings
  env: NodeJS.ProcessEnv
  /** Absolute paths of the reports written by this run; null when not written. */
  written: { json: string | null, html: string | null }
  /** Where the plugin prints its lines (Vitest's stdout, or stderr when a reporter writes JSON there). */
  log: (text: string) => void
}

function blobUrl(env: NodeJS.ProcessEnv): string | null {
  const { GITHUB_SERVER_URL: server = 'https://github.com', GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = env
  return repository && sha ? `${server}/${repository}/blob/${sha}` : null
}

/**
 * Prints the run's diagnoses as workflow commands (at most `maxAnnotations`, then one line that says how
 * many were left out) and appends the Markdown summary to `$GITHUB_STEP_SUMMARY`. Neither can fail the run.
 */
export function publishToGitHub(report: AsyncDebugReport, { root, settings, env, written, log }: GitHubPublication): void {
  const repositoryPath = repositoryPaths(root, findRepositoryRoot(root, env))
  const annotations = githubAnnotations(report, repositoryPath)
  const shown = annotations.slice(0, settings.maxAnnotations)
  const lines = shown.map(annotation => workflowCommand(annotation.level, {
    file: annotation.file,
    line: annotation.line ?? undefined,
    col: annotation.column ?? undefined,
    title: annotation.title,
  }, annotation.message))
  const reports = { json: written.json && repositoryPath(written.json), html: written.html && repositoryPath(written.html) }
  const leftOut = annotations.length - shown.length
  if (leftOut > 0) {
    const fullList = reports.json ?? reports.html ?? 'the ASYNC DEBUG block above (no report was written)'
    lines.push(`${PLUGIN_NAME}: ${leftOut} more ${leftOut === 1 ? 'diagnosis was' : 'diagnoses were'} not annotated (ci.maxAnnotations is ${settings.maxAnnotations}); the full list is in ${fullList}.`)
  }
  if (lines.length > 0) {
    log(['', ...lines].join('\n'))
  }
  if (settings.summaryFile) {
    appendSummary(settings.summaryFile, stepSummary({ report, annotations, annotated: shown.length, repositoryPath, written: reports, blobUrl: blobUrl(env) }))
  }
}

/** Appended, never overwritten: the file holds the summaries of every earlier command of the step. */
function appendSummary(file: string, markdown: string): void {
  try {
    appendFileSync(file, `\n${markdown}`)
  }
  catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const reason = code === 'EISDIR' ? 'it is a folder' : code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' ? 'permission denied' : code ?? (error as Error).message
    process.stderr.write(`${PLUGIN_NAME}: could not append the step summary to GITHUB_STEP_SUMMARY=${file} (${reason}); the run's result is unchanged. GitHub Actions sets it to a writable file for each step; set ci: { github: false } to write none.\n`)
  }
}
