import type { ServersFile } from '../../src/debug/server-registry.js'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The DAP gateway's port as the run lists it in servers.json, or null before it does. */
export function gatewayPortIn(root: string): number | null {
  try {
    return (JSON.parse(readFileSync(join(root, '.vitest-async-debug/servers.json'), 'utf8')) as ServersFile).dap?.port ?? null
  }
  catch {
    return null
  }
}

/** Polls `read` every 50 ms until it gives something, or throws after `timeoutMs`. */
export async function waitFor<T>(what: string, read: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (value) {
      return value
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`)
    }
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}
