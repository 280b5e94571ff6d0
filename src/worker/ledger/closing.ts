import type { CapturedStack } from './stack.js'
import { Worker } from 'node:worker_threads'
import { recordPluginFault } from '../plugin-faults.js'
import { parseFrame } from './stack.js'

/**
 * Whether work was already asked to end (destroy, close, end, kill, terminate, abort) and is only finishing:
 * a close handshake, TLS teardown, a killed child whose exit has not been seen yet. Read from the object
 * Node keeps behind each handle (its `owner_symbol`), and for timers from the call that created them.
 */
type Owner = object & {
  destroyed?: boolean
  writableEnded?: boolean
  _handle?: unknown
  killed?: boolean
  exitCode?: number | null
  signalCode?: string | null
}

let ownerKey: symbol | undefined

function ownerOf(handle: object): Owner | undefined {
  ownerKey ??= Object.getOwnPropertySymbols(handle).find(key => key.description === 'owner_symbol')
  const owner = ownerKey === undefined ? undefined : (handle as Record<symbol, unknown>)[ownerKey]
  return typeof owner === 'object' && owner !== null ? owner as Owner : undefined
}

const webSocketOpen = 1

/** The `ws` library marks its socket with the WebSocket on top of it; `readyState` 2 and 3 are CLOSING and CLOSED. */
function carriesClosingWebSocket(socket: Owner): boolean {
  for (const key of Object.getOwnPropertySymbols(socket)) {
    const value = (socket as Record<symbol, { readyState?: unknown, close?: unknown } | undefined>)[key]
    if (typeof value?.close === 'function' && typeof value.readyState === 'number' && value.readyState > webSocketOpen) {
      return true
    }
  }
  return false
}

/** Handles whose owner was seen ending: a worker thread told to terminate, or stopped by an uncaught exception. */
const endingHandles = new WeakSet<object>()

export function handleIsClosing(type: string, handle: object): boolean {
  if (endingHandles.has(handle)) {
    return true
  }
  const owner = ownerOf(handle)
  if (owner === undefined) {
    return false
  }
  switch (type) {
    case 'TCPWRAP':
    case 'PIPEWRAP':
      return owner.destroyed === true || owner.writableEnded === true || carriesClosingWebSocket(owner)
    case 'TCPSERVERWRAP':
    case 'PIPESERVERWRAP':
      return owner._handle !== handle
    case 'PROCESSWRAP':
      return owner.killed === true || owner.exitCode != null || owner.signalCode != null
    default:
      return false
  }
}

const endingCall = /(?:^|\.)(?:close|destroy|end|kill|terminate|abort|dispose|shutdown|disconnect|_destroy|_final)$/

/** A timer a library or Node set inside a close call (a close handshake's deadline): part of that close. */
export function createdWhileClosing(stack: CapturedStack | null, isProjectFile: (file: string) => boolean): boolean {
  for (const line of (stack?.stack ?? '').split('\n')) {
    const frame = parseFrame(line)
    if (!frame) {
      continue
    }
    if (isProjectFile(frame.file)) {
      return false
    }
    if (frame.function !== null && endingCall.test(frame.function)) {
      return true
    }
  }
  return false
}

const wrappedKey = Symbol.for('vitest-async-debug.websocket-close')

/**
 * The WebSocket client built into Node 22+ (undici's) leaves no mark on its socket: its `close()` sends a
 * close frame and waits for the server's. The socket that close() wrote to is the one it closes, so
 * `around` runs the original call and can compare what each socket had written before and after.
 */
export function followBuiltInWebSocketCloses(around: (close: () => unknown) => unknown): void {
  const prototype = (globalThis as { WebSocket?: { prototype?: { close?: unknown } } }).WebSocket?.prototype
  const original = prototype?.close
  if (typeof original !== 'function' || Object.hasOwn(original, wrappedKey)) {
    return
  }
  const wrapped = function close(this: unknown, ...args: unknown[]): unknown {
    return around(() => (original as (...args: unknown[]) => unknown).apply(this, args))
  }
  Object.defineProperty(wrapped, wrappedKey, { value: true })
  Object.defineProperty(wrapped, 'length', { value: original.length })
  Object.defineProperty(prototype, 'close', { ...Object.getOwnPropertyDescriptor(prototype, 'close'), value: wrapped })
}

/** Bytes a socket handle's owner has written, or null when the handle has no owner that says. */
export function bytesWrittenThrough(handle: object): number | null {
  const written = (ownerOf(handle) as { bytesWritten?: unknown } | undefined)?.bytesWritten
  return typeof written === 'number' ? written : null
}

const workerEndsKey = Symbol.for('vitest-async-debug.worker-ends')

function workerHandle(worker: object): object | undefined {
  const key = Object.getOwnPropertySymbols(worker).find(symbol => symbol.description === 'kHandle')
  const handle = key === undefined ? undefined : (worker as Record<symbol, unknown>)[key]
  return typeof handle === 'object' && handle !== null ? handle : undefined
}

/**
 * A worker thread exits a moment after `terminate()`, or after an uncaught exception (its `error` event);
 * its handle carries no mark of either, so both are noted on the way.
 */
export function followWorkerEnds(): void {
  const prototype = Worker.prototype as unknown as Record<string, unknown> & { [workerEndsKey]?: true }
  if (Object.hasOwn(prototype, workerEndsKey)) {
    return
  }
  Object.defineProperty(prototype, workerEndsKey, { value: true })
  const ending = (worker: object): void => {
    try {
      const handle = workerHandle(worker)
      if (handle) {
        endingHandles.add(handle)
      }
    }
    catch (error) {
      recordPluginFault('noting a worker thread that is ending', error)
    }
  }
  const originalTerminate = prototype.terminate as (...args: unknown[]) => unknown
  const originalEmit = prototype.emit as (...args: unknown[]) => boolean
  Object.defineProperty(prototype, 'terminate', {
    ...Object.getOwnPropertyDescriptor(prototype, 'terminate'),
    value: function terminate(this: object, ...args: unknown[]) {
      ending(this)
      return originalTerminate.apply(this, args)
    },
  })
  Object.defineProperty(prototype, 'emit', {
    configurable: true,
    writable: true,
    value: function emit(this: object, event: unknown, ...args: unknown[]) {
      if (event === 'error') {
        ending(this)
      }
      return originalEmit.call(this, event, ...args)
    },
  })
}
