import type { ResolvedOptions } from '../../../plugin/options.js'
import type { DoctorCheck } from '../check.js'
import { resolveDebugSettings } from '../../../debug/debug-settings.js'
import { githubSettings } from '../../../report/github/publish-github.js'
import { DAP_WAIT_FLAG, DEBUG_ON_FAIL_FLAG } from '../../../shared/constants.js'

const title = 'CI'

/** CI as the plugin sees it: the debug settings it derives from the environment decide. */
export function checkCi(options: ResolvedOptions, env: NodeJS.ProcessEnv): DoctorCheck {
  const detected = resolveDebugSettings({ ...options, debugOnFail: true }, [], env).onFail === null
  const asked = resolveDebugSettings(options, [DEBUG_ON_FAIL_FLAG, DAP_WAIT_FLAG], env)
  const waits = [
    ...asked.onFail ? [`--debug-on-fail pauses a failing test until a debugger attaches (up to ${Math.round(asked.onFail.waitTimeout / 1000)} s)`] : [],
    ...asked.server?.dap?.waitForClient ? ['--dap-wait holds each test file until a DAP client has set its breakpoints'] : [],
  ]
  const github = githubSettings(options.ci, env)
  const annotations = github
    ? `; GitHub Actions: each diagnosis becomes an annotation at its source line (at most ${github.maxAnnotations})${github.summaryFile ? ', and a summary is appended to $GITHUB_STEP_SUMMARY' : ' (GITHUB_STEP_SUMMARY is not set: no step summary)'}`
    : ''
  if (!detected) {
    const variable = env.CI === undefined ? 'CI is not set' : `CI is ${JSON.stringify(env.CI)}`
    return { id: 'ci', status: 'pass', title, detail: `${variable}: not a CI run, so ${waits.join(', and ')} (a CI job that does not set CI should, so that nothing waits there)${annotations}` }
  }
  if (waits.length === 0) {
    return { id: 'ci', status: 'pass', title, detail: `CI is ${JSON.stringify(env.CI)}: a CI run, so --debug-on-fail and --dap-wait do not wait for a debugger (nobody attaches there); the run goes on and prints why${annotations}` }
  }
  return {
    id: 'ci',
    status: 'warn',
    title,
    detail: `CI is ${JSON.stringify(env.CI)}, but allowInCI keeps the waits on: ${waits.join(', and ')}${annotations}`,
    fix: 'Remove allowInCI from debugOnFail and debugServer.dap unless a debugger attaches to this CI job.',
  }
}
