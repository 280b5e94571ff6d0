import { Worker } from 'node:worker_threads'
import { RELEASE_GLOBAL_KEY } from '../../shared/constants.js'
import { wallClockNow } from '../real-time.js'

/**
 * Runs on its own thread while the worker's thread is blocked waiting for a debugger: if the main
 * process is gone (a forked worker was orphaned) or the wait outlived its bound, it releases the wait
 * through the worker's own inspector, as the main process would have.
 */
const watchdogSource = `
const { workerData } = require('node:worker_threads')
const { webSocketUrl, deadline, parentPid, wsModule, releaseKey } = workerData
function orphaned() {
  if (parentPid === 0) return false
  try { process.kill(parentPid, 0); return false } catch { return true }
}
const timer = setInterval(async () => {
  const reason = orphaned() ? 'interrupted' : Date.now() > deadline ? 'timeout' : null
  if (!reason) return
  clearInterval(timer)
  const { WebSocket } = await import(wsModule)
  const socket = new WebSocket(webSocketUrl)
  socket.on('error', () => {})
  socket.on('open', () => {
    socket.send(JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression: 'process[Symbol.for(' + JSON.stringify(releaseKey) + ')] = ' + JSON.stringify(reason) } }))
    socket.send(JSON.stringify({ id: 2, method: 'Runtime.runIfWaitingForDebugger' }))
    socket.on('message', (data) => { if (JSON.parse(String(data)).id === 2) socket.close() })
  })
}, 250)
`

/** Extra time the main process gets to release the wait itself. */
const GRACE_MS = 5_000

export function startReleaseWatchdog(webSocketUrl: string, waitTimeoutMs: number): () => Promise<number> {
  const watchdog = new Worker(watchdogSource, {
    eval: true,
    workerData: {
      webSocketUrl,
      deadline: wallClockNow() + waitTimeoutMs + GRACE_MS,
      // A forked worker's parent is the Vitest main process; a worker thread dies with it.
      parentPid: process.env.VITEST_POOL_ID !== undefined && process.send !== undefined ? process.ppid : 0,
      wsModule: import.meta.resolve('ws'),
      releaseKey: RELEASE_GLOBAL_KEY,
    },
  })
  watchdog.unref()
  return () => watchdog.terminate()
}
