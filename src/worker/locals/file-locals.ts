import type { Protocol } from 'devtools-protocol'
import type { RunnerTestCase } from 'vitest'
import type { LocalsRecord } from '../../shared/locals.js'
import type { WorkerOptions } from '../../shared/worker-options.js'
import type { ScriptInfo } from './script-files.js'
import { isFinalFailure } from '../pause/debug-on-fail.js'
import { localsRecord, snapshotOf } from './locals-record.js'
import { OriginalSites } from './original-site.js'
import { PauseSnapshots } from './pause-snapshots.js'
import { ScriptFiles } from './script-files.js'
import { SyncSession } from './sync-session.js'
import { holdingTheThread } from '../own-time.js'

/** Whether a failure of this attempt would be the test's last: no retry left, and not `test.fails`. */
function couldBeLastAttempt(task: RunnerTestCase): boolean {
  const retry = task.retry
  const limit = typeof retry === 'number' ? retry : retry?.count ?? 0
  return !task.fails && (task.result?.retryCount ?? 0) >= limit
}

/** One attempt being watched: ends by turning the pauses off and, when the test failed for good, reading its record. */
export interface LocalsAttempt {
  finish: (task: RunnerTestCase) => Promise<LocalsRecord | null>
}

const notWatched: LocalsAttempt = { finish: async () => null }

/**
 * `locals: true` for one test file: a same-thread inspector session pauses on every throw while an attempt
 * that could be the test's last runs, and reads the variables of the test's frame (and of the project's
 * helper that threw) during the pause. The debugger stays on from the first such attempt to the end of
 * the file: turning it on replays every parsed script, which cost more per test (7.6 ms) than the slower
 * awaits it brings between tests (bench/locals.mjs: 2.6 ms per test in all). The session is closed when
 * the file ends (worker threads have crashed at exit with one still connected).
 */
export class FileLocals {
  private session: SyncSession | null = null
  private readonly scripts: ScriptFiles
  private readonly sites: OriginalSites
  private current: PauseSnapshots | null = null
  private enabled = false
  private unavailable: string | null | undefined

  constructor(private readonly options: WorkerOptions & { locals: NonNullable<WorkerOptions['locals']> }) {
    this.scripts = new ScriptFiles(options.root)
    this.sites = new OriginalSites(options.root)
  }

  private async connect(): Promise<SyncSession | null> {
    this.unavailable ??= await localsUnavailable(this.options)
    if (this.session === null && this.unavailable === null) {
      try {
        const { Session } = await import('node:inspector')
        const session = new SyncSession(new Session())
        session.session.connect()
        session.session.on('Debugger.scriptParsed', ({ params }: { params: ScriptInfo }) => this.scripts.parsed(params))
        session.session.on('Debugger.paused', ({ params }: { params: Protocol.Debugger.PausedEvent }) => this.paused(params))
        this.session = session
      }
      catch (error) {
        this.unavailable = `not read: the worker's inspector could not be used (${error instanceof Error ? error.message : String(error)})`
      }
    }
    return this.session
  }

  private paused(params: Protocol.Debugger.PausedEvent): void {
    try {
      holdingTheThread(() => this.current?.paused(params))
    }
    catch {
      // A value the inspector could not read leaves this pause unread; the test runs on unchanged.
    }
  }

  /** Starts watching the attempt about to run, when it could be the test's last. */
  async attempt(task: RunnerTestCase): Promise<LocalsAttempt> {
    if (!couldBeLastAttempt(task)) {
      return notWatched
    }
    const session = await this.connect()
    const errorsBefore = task.result?.errors?.length ?? 0
    if (session !== null) {
      try {
        if (!this.enabled) {
          holdingTheThread(() => session.post('Debugger.enable'))
          this.enabled = true
        }
        session.post('Debugger.setPauseOnExceptions', { state: 'all' })
      }
      catch (error) {
        this.unavailable = `not read: the worker's debugger could not be turned on (${error instanceof Error ? error.message : String(error)})`
        this.close()
      }
    }
    if (this.session === null) {
      const note = this.unavailable ?? 'not read'
      return { finish: async done => isFinalFailure(done) ? { source: 'pause', frames: [], note } : null }
    }
    const snapshots = new PauseSnapshots(session!, this.scripts, task.file.filepath, () => session!.post('Debugger.setPauseOnExceptions', { state: 'none' }))
    this.current = snapshots
    return {
      finish: async (done) => {
        this.current = null
        try {
          session!.post('Debugger.setPauseOnExceptions', { state: 'none' })
        }
        catch {
          this.close()
        }
        if (!isFinalFailure(done)) {
          return null
        }
        const error = done.result?.errors?.[errorsBefore]
        try {
          return await localsRecord(error ? snapshotOf(snapshots.snapshots, error) : undefined, this.scripts, this.sites, this.options.locals.maxBytes, snapshots.capped)
        }
        catch (failure) {
          return { source: 'pause', frames: [], note: `not read: ${failure instanceof Error ? failure.message : String(failure)}` }
        }
      },
    }
  }

  close(): void {
    // Disconnecting turns the debugger off.
    this.session?.session.disconnect()
    this.session = null
    this.enabled = false
  }
}

/** Why locals cannot be read in this worker; null when they can. */
export async function localsUnavailable(options: WorkerOptions): Promise<string | null> {
  if (options.debugServer || options.debugOnFail) {
    return 'not read: the debug servers (--debug-on-fail, --dap) use this worker\'s debugger'
  }
  const { url } = await import('node:inspector')
  if (url() !== undefined) {
    return 'not read: Node\'s inspector is open in this worker (--inspect), and pausing at every throw would stop an attached debugger'
  }
  return null
}
