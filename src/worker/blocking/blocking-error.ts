import type { BlockRecord } from '../../shared/blocking.js'
import { join } from 'node:path'

/** Thrown from the session's aroundEach when a block of the test's own code reached `blocking.failAt`. */
export class EventLoopBlockedError extends Error {
  static {
    this.prototype.name = 'EventLoopBlockedError'
  }
}

/** The error that fails the test; its stack points at the function that held the thread, when known. */
export function blockingError(block: BlockRecord, failAt: number, root: string): EventLoopBlockedError {
  const { site } = block
  const where = site ? ` in ${site.function ?? '<anonymous>'} (${site.file}:${site.line})` : ''
  const unnamed = site ? '' : '; set blocking: { watchdog: \'always\' } to name the function that held it'
  const error = new EventLoopBlockedError(`this test blocked the event loop for ${block.durationMs} ms${where} (blocking.failAt: ${failAt} ms)${unnamed}`)
  error.stack = `${error.name}: ${error.message}${site ? `\n    at ${site.function ?? '<anonymous>'} (${join(root, site.file)}:${site.line}:${site.column})` : ''}`
  return error
}
