import type { Protocol } from 'devtools-protocol'
import { type NodeWorker, Session } from 'node:inspector'

/** The inspector of the thread the watchdog watches. */
export interface InspectorTarget {
  post: <T = unknown>(method: string, params?: object) => Promise<T>
  /** Resolves on the thread's next `Debugger.paused`. */
  nextPause: () => Promise<Protocol.Debugger.PausedEvent>
  disconnect: () => Promise<void>
}

function postOn(session: Session) {
  return <T>(method: string, params: object = {}): Promise<T> => new Promise((resolve, reject) => {
    session.post(method, params, (error, result) => error ? reject(error) : resolve(result as T))
  })
}

/** A watchdog started by a process's main thread (the forks pool): `connectToMainThread` reaches it. */
function mainThreadTarget(session: Session): InspectorTarget {
  let waiter: ((event: Protocol.Debugger.PausedEvent) => void) | null = null
  session.on('Debugger.paused', ({ params }) => waiter?.(params as Protocol.Debugger.PausedEvent))
  return {
    post: postOn(session),
    nextPause: () => new Promise((resolve) => {
      waiter = resolve
    }),
    disconnect: async () => session.disconnect(),
  }
}

/**
 * A watchdog started by a worker thread (the threads pool): `connectToMainThread` reaches the process's main
 * thread, Vitest's, so the messages go through it to the worker's own inspector (`NodeWorker`).
 */
async function workerThreadTarget(session: Session, threadId: number): Promise<InspectorTarget> {
  const post = postOn(session)
  const title = `[worker ${threadId}]`
  const attached = new Promise<string>((resolve) => {
    session.on('NodeWorker.attachedToWorker', ({ params }) => {
      const { sessionId, workerInfo } = params as NodeWorker.AttachedToWorkerEventDataType
      if (workerInfo.title === title || workerInfo.title.startsWith(`${title} `)) {
        resolve(sessionId)
      }
      else {
        post('NodeWorker.detach', { sessionId }).catch(() => {})
      }
    })
  })
  await post('NodeWorker.enable', { waitForDebuggerOnStart: false })
  const sessionId = await attached
  let nextId = 0
  const pending = new Map<number, { resolve: (value: never) => void, reject: (error: Error) => void }>()
  let waiter: ((event: Protocol.Debugger.PausedEvent) => void) | null = null
  session.on('NodeWorker.receivedMessageFromWorker', ({ params }) => {
    const event = params as NodeWorker.ReceivedMessageFromWorkerEventDataType
    if (event.sessionId !== sessionId) {
      return
    }
    const message = JSON.parse(event.message) as { id?: number, method?: string, params?: unknown, result?: never, error?: { message: string } }
    const request = message.id === undefined ? undefined : pending.get(message.id)
    if (request) {
      pending.delete(message.id!)
      if (message.error) {
        request.reject(new Error(message.error.message))
      }
      else {
        request.resolve(message.result as never)
      }
    }
    else if (message.method === 'Debugger.paused') {
      waiter?.(message.params as Protocol.Debugger.PausedEvent)
    }
  })
  return {
    post: <T>(method: string, params: object = {}) => new Promise<T>((resolve, reject) => {
      const id = ++nextId
      pending.set(id, { resolve: resolve as (value: never) => void, reject })
      post('NodeWorker.sendMessageToWorker', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject)
    }),
    nextPause: () => new Promise((resolve) => {
      waiter = resolve
    }),
    // Detached explicitly first: the worker's side of the session must be gone before it pauses for itself.
    disconnect: async () => {
      await post('NodeWorker.detach', { sessionId }).catch(() => {})
      await post('NodeWorker.disable').catch(() => {})
      session.disconnect()
    },
  }
}

/**
 * Connected only for one capture: while a session from another thread is connected, a pause the worker
 * makes for itself (an in-thread session's pause on exceptions, as `locals` uses) waits for that other
 * thread to resume it, and the worker would hang.
 */
export async function connectTarget(threadId: number): Promise<InspectorTarget> {
  const session = new Session()
  session.connectToMainThread()
  try {
    return threadId === 0 ? mainThreadTarget(session) : await workerThreadTarget(session, threadId)
  }
  catch (error) {
    session.disconnect()
    throw error
  }
}
