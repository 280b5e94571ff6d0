/**
 * Whether a resource seen in async_hooks `init` is still open, read from the resource itself (there
 * is no destroy hook: it would make Node track every promise for garbage collection). An id can be
 * moved to a new one on the same object (a refreshed timer, a reused keep-alive socket), so the
 * checks also confirm the object still carries the id it was created with.
 * - Timeout, Immediate: `_destroyed` is set once cleared or fired; `hasRef()` alone stays true.
 * - Handle wraps (sockets, servers, pipes, processes): `getAsyncId()` turns -1 once closed.
 * - FILEHANDLE: `fd` turns negative when closed; it never keeps the process alive.
 */
type Resource = object & {
  _destroyed?: boolean
  hasRef?: () => boolean | undefined
  getAsyncId?: () => number
  fd?: number
  handle?: unknown
  /** Set by Node's net module on a stream handle while it reads. */
  reading?: boolean
  writeQueueSize?: number
}

const streamTypes: ReadonlySet<string> = new Set(['TCPWRAP', 'PIPEWRAP'])

let timerIdKey: symbol | undefined

function timerAsyncId(timer: Resource): number | undefined {
  timerIdKey ??= Object.getOwnPropertySymbols(timer).find(key => key.description === 'asyncId')
  return timerIdKey === undefined ? undefined : (timer as Record<symbol, number>)[timerIdKey]
}

/** A keep-alive socket reused by an http.Agent is reported as a `ReusedHandle` around the real handle. */
export function underlyingResource(resource: object): object {
  const { handle, getAsyncId } = resource as Resource
  return typeof getAsyncId !== 'function' && typeof handle === 'object' && handle !== null ? handle : resource
}

export function isAlive(type: string, resource: Resource, id: number): boolean {
  switch (type) {
    case 'Timeout': {
      const current = timerAsyncId(resource)
      return resource._destroyed !== true && (current === undefined || current === id)
    }
    case 'Immediate':
      return resource._destroyed !== true
    case 'FILEHANDLE':
      return typeof resource.fd === 'number' && resource.fd >= 0
    default:
      return typeof resource.getAsyncId === 'function' ? resource.getAsyncId() === id : resource.hasRef?.() !== undefined
  }
}

/**
 * What Node itself would wait for: an open, ref'd handle that libuv has work on. A stream (socket, pipe)
 * counts only while it reads or has writes queued: a socket that never connected (a request-mocking
 * library's stand-in, a lookup that never answered) or the write end of a child's stdin does not keep
 * the process alive, even though it is open and ref'd.
 */
export function keepsProcessAlive(type: string, resource: Resource, id: number): boolean {
  if (type === 'FILEHANDLE' || !isAlive(type, resource, id) || resource.hasRef?.() !== true) {
    return false
  }
  return !streamTypes.has(type) || streamIsBusy(resource)
}

/** TLS puts getters on its socket's handle that throw once the TLS layer is gone: then it is not busy. */
function streamIsBusy(stream: Resource): boolean {
  try {
    return stream.reading === true || (stream.writeQueueSize ?? 0) > 0
  }
  catch {
    return false
  }
}
