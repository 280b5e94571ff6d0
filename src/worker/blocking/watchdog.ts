import type { MessagePort } from 'node:worker_threads'
import type { WatchdogCapture, WatchdogData } from './watchdog-protocol.js'
import { dirname, join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MessageChannel, receiveMessageOnPort, threadId, Worker } from 'node:worker_threads'
import { WORKER_STATE_KEY } from '../../shared/constants.js'
import { HEARTBEAT_STOP } from './watchdog-protocol.js'

// The worker code may be bundled into dist/worker/worker-runtime.js, so the folder is found by name.
const thisFile = fileURLToPath(import.meta.url)
const workerFolderAt = thisFile.lastIndexOf(`${sep}worker${sep}`)
const pluginFolder = workerFolderAt === -1 ? `${dirname(thisFile)}${sep}` : thisFile.slice(0, workerFolderAt + 1)
const threadScript = join(pluginFolder, 'worker', 'blocking', 'watchdog-thread.js')

/** The thread that reads a blocked worker's stack (watchdog-thread.ts), seen from the worker. */
export class Watchdog {
  private constructor(private readonly thread: Worker, private readonly captures: MessagePort, private readonly beat: Int32Array) {}

  /** Null when the plugin runs from its TypeScript sources (its own tests): the thread needs the built file. */
  static start(heartbeat: SharedArrayBuffer, warnAt: number): Watchdog | null {
    if (!thisFile.endsWith('.js')) {
      return null
    }
    const { port1, port2 } = new MessageChannel()
    const workerData: WatchdogData = { heartbeat, origin: performance.timeOrigin, warnAt, threadId, stateKey: WORKER_STATE_KEY, port: port2 }
    const thread = new Worker(threadScript, { workerData, transferList: [port2], execArgv: [], name: 'vitest-async-debug watchdog', stdout: true, stderr: true })
    // Never keeps a worker alive, and a thread that fails to start is only a watchdog less.
    thread.unref()
    thread.on('error', () => {})
    return new Watchdog(thread, port1, new Int32Array(heartbeat))
  }

  /** What the thread posted so far; read synchronously, as the heartbeat measures a block. */
  takeCaptures(): WatchdogCapture[] {
    const taken: WatchdogCapture[] = []
    for (let message = receiveMessageOnPort(this.captures); message; message = receiveMessageOnPort(this.captures)) {
      taken.push(message.message as WatchdogCapture)
    }
    return taken
  }

  stop(): void {
    Atomics.store(this.beat, HEARTBEAT_STOP, 1)
    this.captures.close()
    void this.thread.terminate()
  }
}
