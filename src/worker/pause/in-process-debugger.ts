import type { GeneratedPosition, ParsedScript } from './generated-position.js'
import type { Session } from 'node:inspector'
import { pathToFileURL } from 'node:url'
import { FAILURE_STOP_KEY } from '../../shared/constants.js'

interface PausedEvent {
  params: { hitBreakpoints?: string[] }
}

/**
 * A Debugger session on the worker's own thread. It cannot hold its thread paused itself: a pause it
 * leaves standing lasts only while a debugger from outside is attached, which is the point.
 */
export class InProcessDebugger {
  private readonly scripts = new Map<string, ParsedScript>()
  private breakpoints = 0

  private constructor(private readonly session: Session) {
    this.session.connect()
    this.session.on('Debugger.scriptParsed', ({ params }: { params: ParsedScript }) => {
      this.scripts.set(params.url, params)
    })
    this.post('Debugger.enable')
  }

  static async connect(): Promise<InProcessDebugger> {
    const { Session } = await import('node:inspector')
    return new InProcessDebugger(new Session())
  }

  /** Same-thread `post` answers synchronously. */
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

  /** Worker threads have crashed at exit with a same-thread session still connected. */
  disconnect(): void {
    this.session.disconnect()
  }

  /** The script V8 runs for a module file (Vite's transform of it). */
  scriptOf(file: string): ParsedScript | undefined {
    return this.scripts.get(pathToFileURL(file).href) ?? this.scripts.get(file)
  }

  /**
   * Stops the first time execution reaches `position` and leaves that pause to the attached debugger.
   * The breakpoint's own condition lets it stop only once (in the test's realm, whichever pool), and
   * nothing is sent from this thread during the pause: that has crashed workers. The returned function
   * removes the breakpoint and says whether it was reached.
   */
  stopOnceAt(script: ParsedScript, position: GeneratedPosition): () => boolean {
    const flag = `globalThis[Symbol.for(${JSON.stringify(`vitest-async-debug:stopped-${++this.breakpoints}`)})]`
    const { breakpointId } = this.post('Debugger.setBreakpoint', {
      location: { scriptId: script.scriptId, ...position },
      condition: `!${flag} && (${flag} = true) && (process[Symbol.for(${JSON.stringify(FAILURE_STOP_KEY)})] = true)`,
    }) as { breakpointId: string }
    let reached = false
    const onPaused = ({ params }: PausedEvent): void => {
      reached ||= params.hitBreakpoints?.includes(breakpointId) ?? false
    }
    this.session.on('Debugger.paused', onPaused)
    return () => {
      this.session.off('Debugger.paused', onPaused)
      this.post('Debugger.removeBreakpoint', { breakpointId })
      return reached
    }
  }
}
