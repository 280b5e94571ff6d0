import type { ThrownSummary } from './failure-site.js'
import { Session } from 'node:inspector'

interface PausedEvent {
  params: { reason: string, data?: { objectId?: string } }
}

const summarizeThrown = `function () {
  if (typeof this === 'object' && this !== null) {
    return { message: String(this.message), stack: String(this.stack) }
  }
  return { message: String(this), stack: '' }
}`

/**
 * A Debugger session on the worker's own thread. It cannot hold its thread paused itself: a pause it
 * does not resume lasts only while a debugger from outside is attached, which is the point.
 */
export class InProcessDebugger {
  private readonly session = new Session()

  constructor() {
    this.session.connect()
    this.post('Debugger.enable')
  }

  /** Same-thread `post` answers synchronously, so it can run inside a pause. */
  private post(method: string, params: Record<string, unknown> = {}): Record<string, unknown> {
    let result: Record<string, unknown> = {}
    let failure: Error | null = null
    this.session.post(method, params, (error, answer) => {
      failure = error
      result = (answer ?? {}) as Record<string, unknown>
    })
    if (failure) {
      throw failure
    }
    return result
  }

  private summarize(objectId: string | undefined): ThrownSummary | null {
    if (!objectId) {
      return null
    }
    const { result } = this.post('Runtime.callFunctionOn', { objectId, functionDeclaration: summarizeThrown, returnByValue: true }) as { result?: { value?: ThrownSummary } }
    return result?.value ?? null
  }

  /**
   * Pauses at every exception until the returned function is called; `stopsHere` picks the one pause
   * to leave standing (for the attached debugger), every other exception goes on at once. The returned
   * function says whether it stopped.
   */
  stopAtException(stopsHere: (thrown: ThrownSummary) => boolean): () => boolean {
    let stopped = false
    const onPaused = ({ params }: PausedEvent): void => {
      // Breakpoints and steps belong to the attached debugger.
      if (params.reason !== 'exception' && params.reason !== 'promiseRejection') {
        return
      }
      const thrown = stopped ? null : this.summarize(params.data?.objectId)
      if (thrown && stopsHere(thrown)) {
        stopped = true
        return
      }
      this.post('Debugger.resume')
    }
    this.session.on('Debugger.paused', onPaused)
    this.post('Debugger.setPauseOnExceptions', { state: 'all' })
    return () => {
      this.post('Debugger.setPauseOnExceptions', { state: 'none' })
      this.session.off('Debugger.paused', onPaused)
      return stopped
    }
  }
}
