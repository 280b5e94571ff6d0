import { createServer } from 'node:net'
import { AsyncDebugError } from '../plugin/errors.js'
import { PLUGIN_NAME } from '../shared/constants.js'

/**
 * Fails the run at start, naming the option, when the debug servers' host cannot be listened on here (a
 * name that does not resolve, an address of another machine): otherwise every test file would fail later
 * with a bare ENOTFOUND or EADDRNOTAVAIL.
 */
export async function assertHostListenable(host: string): Promise<void> {
  const problem = await new Promise<string | null>((resolve) => {
    const server = createServer()
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
    server.listen(0, host, () => server.close(() => resolve(null)))
  })
  if (problem) {
    const why = problem === 'ENOTFOUND' || problem === 'EAI_AGAIN' ? 'the name does not resolve' : problem === 'EADDRNOTAVAIL' ? 'it is not an address of this machine' : problem
    throw new AsyncDebugError('ASYNC_DEBUG_INVALID_OPTION', `${PLUGIN_NAME}: option \`debugServer.host\` is ${JSON.stringify(host)}, and the debug servers cannot listen there (${why}). Use an address of this machine, such as '127.0.0.1' (the default) or '::1'.`)
  }
}
