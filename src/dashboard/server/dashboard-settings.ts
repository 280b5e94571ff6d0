import type { ResolvedOptions } from '../../plugin/options.js'
import { DASHBOARD_FLAG, DEFAULT_DASHBOARD_PORT } from '../../shared/constants.js'
import { AsyncDebugError } from '../../plugin/errors.js'

/** `--dashboard`, `--dashboard=<port>`, or the `dashboard` option; null when off. */
export function resolveDashboardPort(option: ResolvedOptions['dashboard'], argv: readonly string[]): number | null {
  const flag = argv.find(argument => argument === DASHBOARD_FLAG || argument.startsWith(`${DASHBOARD_FLAG}=`))
  if (!flag && !option) {
    return null
  }
  if (flag?.startsWith(`${DASHBOARD_FLAG}=`)) {
    const text = flag.slice(DASHBOARD_FLAG.length + 1)
    const port = Number(text)
    if (!/^\d+$/.test(text) || port < 1024 || port > 65_535) {
      throw new AsyncDebugError('ASYNC_DEBUG_INVALID_OPTION', `vitest-async-debug: ${flag}: the port must be a number from 1024 to 65535, e.g. ${DASHBOARD_FLAG}=${DEFAULT_DASHBOARD_PORT}`)
    }
    return port
  }
  return (typeof option === 'object' ? option.port : undefined) ?? DEFAULT_DASHBOARD_PORT
}
