import type { Session } from '../session.js'
import type { WorkerState } from '../worker-state.js'
import type { Operation } from './operation.js'
import net from 'node:net'
import { recordPluginFault } from '../plugin-faults.js'

/** Server events that start work for one connection or one request on it. */
const connectionEvents: Record<string, 'socket' | 'request'> = {
  'connection': 'socket',
  'secureConnection': 'socket',
  'request': 'request',
  'checkContinue': 'request',
  'checkExpectation': 'request',
  'upgrade': 'request',
  'connect': 'request',
}

const loopback = /^(?:127\.|::1$|::ffff:127\.)/

type PortHandle = object & { getsockname?: (out: { port?: number }) => number }

const patchedKey = Symbol.for('vitest-async-debug.loopback-links')

/**
 * A server and the client that calls it run in the same worker when both sit in one test file. The server
 * is usually started by `beforeAll`, so what its handlers start would belong to that hook; this finds the
 * client socket at the other end of the connection (its local port is the accepted socket's remote port)
 * and runs the server's handling of that connection or request in the scope of the test that sent it.
 */
export class LoopbackLinks {
  private readonly byPort = new Map<number, Operation>()
  private readonly portOf = new WeakMap<Operation, number | null>()

  constructor(
    private readonly state: WorkerState,
    private readonly sockets: () => Iterable<Operation>,
    /** A test sent a request over a socket another test opened (a keep-alive pool hands sockets on). */
    private readonly onBorrowed: (socket: Operation, session: Session) => void,
  ) {}

  install(): void {
    const prototype = net.Server.prototype as { emit: (...args: unknown[]) => boolean, [patchedKey]?: true }
    if (Object.hasOwn(prototype, patchedKey)) {
      return
    }
    const original = prototype.emit
    const requester = (socket: unknown): Session | null => this.requester(socket)
    const storage = this.state.storage
    Object.defineProperty(prototype, patchedKey, { value: true })
    Object.defineProperty(prototype, 'emit', {
      configurable: true,
      writable: true,
      value: function emit(this: unknown, event: unknown, ...args: unknown[]) {
        const carries = typeof event === 'string' ? connectionEvents[event] : undefined
        const session = carries === undefined ? null : requester(carries === 'socket' ? args[0] : (args[0] as { socket?: unknown } | undefined)?.socket)
        if (session === null) {
          return original.call(this, event, ...args)
        }
        return storage.run({ session, suiteFile: null, operation: null }, () => original.call(this, event, ...args))
      },
    })
  }

  /** The test whose client socket is at the other end, while that test (or, on a reused connection, the one running) is live. */
  requester(socket: unknown): Session | null {
    try {
      const { remoteAddress, remotePort } = (socket ?? {}) as { remoteAddress?: unknown, remotePort?: unknown }
      if (typeof remotePort !== 'number' || typeof remoteAddress !== 'string' || !loopback.test(remoteAddress)) {
        return null
      }
      const client = this.clientAt(remotePort)
      const owner = client?.owner.session
      if (!client || !owner) {
        return null
      }
      if (!owner.ended) {
        return owner
      }
      // A keep-alive connection opened by an earlier test and reused by the one running now.
      const open = [...this.state.openSessions]
      if (open.length !== 1) {
        return null
      }
      this.onBorrowed(client, open[0]!)
      return open[0]!
    }
    catch (error) {
      recordPluginFault('finding the test that sent a request to a server in the same worker', error)
      return null
    }
  }

  private clientAt(port: number): Operation | undefined {
    const known = this.byPort.get(port)
    if (known && known.alive() && this.localPort(known) === port) {
      return known
    }
    this.byPort.delete(port)
    for (const operation of this.sockets()) {
      if (!this.portOf.has(operation) && operation.kind === 'socket' && operation.owner.session !== null) {
        const local = this.localPort(operation)
        if (local !== null) {
          this.byPort.set(local, operation)
        }
      }
    }
    return this.byPort.get(port)
  }

  private localPort(operation: Operation): number | null {
    let port = this.portOf.get(operation)
    if (port === undefined) {
      const handle = operation.handle() as PortHandle | undefined
      const out: { port?: number } = {}
      port = typeof handle?.getsockname === 'function' && handle.getsockname(out) === 0 && typeof out.port === 'number' ? out.port : null
      // A socket not connected yet has no port: asked again next time.
      if (port !== null) {
        this.portOf.set(operation, port)
      }
    }
    return port
  }
}
