import type { OperationKind } from '../../shared/ledger.js'

/**
 * async_hooks types worth keeping, and what a test author calls them. Everything else is ignored:
 * transient work (TickObject, Microtask, writes, fs requests), Node's own bookkeeping (DNSCHANNEL,
 * ELDHISTOGRAM, TTYWRAP) and wrappers whose underlying handle is tracked already (TLSWRAP, HTTP*).
 */
const kindsByType: Record<string, OperationKind> = {
  PROMISE: 'promise',
  Timeout: 'timeout',
  Immediate: 'immediate',
  TCPWRAP: 'socket',
  PIPEWRAP: 'socket',
  UDPWRAP: 'socket',
  TCPSERVERWRAP: 'server',
  PIPESERVERWRAP: 'server',
  PROCESSWRAP: 'child-process',
  FILEHANDLE: 'file-handle',
  FSEVENTWRAP: 'watcher',
  STATWATCHER: 'watcher',
  TCPCONNECTWRAP: 'request',
  PIPECONNECTWRAP: 'request',
  GETADDRINFOREQWRAP: 'request',
  GETNAMEINFOREQWRAP: 'request',
  QUERYWRAP: 'request',
  WORKER: 'worker',
}

export function kindOfType(type: string): OperationKind | undefined {
  return kindsByType[type]
}

/** One-shot requests: done once their callback has run. */
export function isRequest(kind: OperationKind): boolean {
  return kind === 'request'
}

const hints: Record<OperationKind, string> = {
  'promise': 'A promise created in this test had not settled when the test ended. Await it or return it from the test; a promise that is meant never to settle is harmless.',
  'timeout': 'A timer was started in this test and had not fired when the test ended. This is often caused by a missing `clearTimeout`, or by a delay the test did not await.',
  'interval': 'An interval was started in this test and never cleared. Call `clearInterval` before the test ends, for example in `afterEach` or `onTestFinished`.',
  'immediate': 'A `setImmediate` callback was still queued when the test ended. Await it or call `clearImmediate`.',
  'socket': 'A socket was opened during the test but not closed before it ended. Close it (`socket.destroy()`, `client.close()`), or await the request that uses it.',
  'server': 'A server was still listening when the test ended. Close it, for example `await new Promise(resolve => server.close(resolve))` in `afterEach`.',
  'child-process': 'A child process started in this test was still running when the test ended. Wait for its `exit` event or call `child.kill()`.',
  'file-handle': 'A file handle opened in this test was not closed. Call `await handle.close()`, or open it with `await using`.',
  'watcher': 'A file watcher started in this test was not closed. Call `watcher.close()` before the test ends.',
  'request': 'A request (connect, DNS lookup) was still in flight when the test ended. Await it, or abort it with an AbortSignal.',
  'worker': 'A worker thread started in this test was still running. Call `await worker.terminate()` before the test ends.',
  'other': 'An async resource created in this test was still open when the test ended.',
}

export function hintFor(kind: OperationKind): string {
  return hints[kind]
}
