import type { DebugServerRecord } from '../../shared/debug-server.js'
import type { MonitorMessage } from '../../shared/monitor.js'
import type { WorkerSample, WorkerView, WorkerViewState } from '../../shared/page-data.js'
import { workerSlotKey } from '../../shared/worker-slot.js'

const MAX_SAMPLES = 600

interface Tracked {
  /** The hub connection of the process now in this slot. */
  connection: number
  view: WorkerView
  /** Samples not yet sent in a patch. */
  unsent: WorkerSample[]
  changed: boolean
}

const debugStates: Record<DebugServerRecord['state'], WorkerViewState> = { listening: 'running', attached: 'attached', paused: 'paused', closed: 'closed' }

/** The workers as the dashboard shows them: from their own reports on the hub, and their debug servers when those run. */
export class WorkerViews {
  private readonly byConnection = new Map<number, Tracked>()
  private readonly byKey = new Map<string, Tracked>()

  constructor(private readonly debugServers: () => readonly DebugServerRecord[] = () => []) {}

  handle(connection: number, message: MonitorMessage): void {
    if (message.type === 'hello') {
      const { worker } = message
      const key = workerSlotKey(worker)
      const identity = { pid: worker.pid, threadId: worker.threadId === 0 ? null : worker.threadId, poolId: worker.poolId, pool: worker.pool, project: worker.project, state: 'running' as const, file: worker.file, test: null }
      const known = this.byKey.get(key)
      if (known) {
        known.connection = connection
        known.view = { ...known.view, ...identity }
        known.changed = true
      }
      const tracked = known ?? { connection, view: { key, ...identity, debugServer: null, samples: [] }, unsent: [], changed: true }
      this.byConnection.set(connection, tracked)
      this.byKey.set(key, tracked)
      return
    }
    const tracked = this.byConnection.get(connection)
    if (!tracked || tracked.connection !== connection) {
      return
    }
    tracked.changed = true
    if (message.type === 'sample') {
      tracked.view.samples.push(message.sample)
      if (tracked.view.samples.length > MAX_SAMPLES) {
        tracked.view.samples.splice(0, tracked.view.samples.length - MAX_SAMPLES)
      }
      tracked.unsent.push(message.sample)
      tracked.view.file = message.file ?? tracked.view.file
    }
    else {
      tracked.view.test = message.test
      tracked.view.file = message.test?.file ?? tracked.view.file
    }
  }

  closed(connection: number): void {
    const tracked = this.byConnection.get(connection)
    this.byConnection.delete(connection)
    // The slot's next process may have said hello before this one's connection closed.
    if (tracked && tracked.connection === connection) {
      tracked.view = { ...tracked.view, state: 'closed', test: null }
      tracked.changed = true
    }
  }

  /** Every worker, with every kept sample. */
  all(): WorkerView[] {
    return [...this.byKey.values()].map(tracked => this.withDebugServer(tracked.view))
  }

  /** Workers changed since the last call, each with only its new samples. */
  changes(): WorkerView[] {
    const changed: WorkerView[] = []
    for (const tracked of this.byKey.values()) {
      if (tracked.changed) {
        changed.push({ ...this.withDebugServer(tracked.view), samples: tracked.unsent.splice(0) })
        tracked.changed = false
      }
    }
    return changed
  }

  private withDebugServer(view: WorkerView): WorkerView {
    const server = this.debugServers().find(record => record.pid === view.pid && (record.threadId === 0 ? view.threadId === null : record.threadId === view.threadId))
    if (!server) {
      return view
    }
    return {
      ...view,
      state: view.state === 'closed' ? 'closed' : debugStates[server.state],
      debugServer: { webSocketUrl: server.webSocketUrl, devtoolsUrl: server.devtoolsUrl },
    }
  }
}
