/**
 * The watchdog thread: when the test worker's heartbeat goes stale for `warnAt` ms, it pauses the worker
 * for a moment through the inspector, reads which session's code holds the thread and its stack, posts
 * that back and resumes. Started by blocking/watchdog.ts; loaded by path, so it imports only node:* and
 * its own folder.
 */
import type { Protocol } from 'devtools-protocol'
import type { InspectorTarget } from './inspector-target.js'
import type { WatchdogCapture, WatchdogData } from './watchdog-protocol.js'
import { workerData } from 'node:worker_threads'
import { connectTarget } from './inspector-target.js'
import { captureExpression, HEARTBEAT_STAMP, HEARTBEAT_STOP } from './watchdog-protocol.js'

const data = workerData as WatchdogData
const beat = new Int32Array(data.heartbeat)
const pollMs = Math.max(10, Math.min(50, Math.floor(data.warnAt / 4)))
const expression = captureExpression(data.stateKey)
const PAUSE_WAIT_MS = 5000
const sinceOrigin = (): number => performance.timeOrigin + performance.now() - data.origin

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}

async function capture(stamp: number): Promise<void> {
  const target = await connectTarget(data.threadId)
  try {
    await captureOn(target, stamp)
  }
  finally {
    await target.disconnect()
  }
}

async function captureOn(target: InspectorTarget, stamp: number): Promise<void> {
  const askedAt = performance.now()
  const paused = target.nextPause()
  // Sent back to back: both run in the same interrupt. Awaiting enable first gave the wrong stacks.
  const enabled = target.post('Debugger.enable')
  await target.post('Debugger.pause')
  await enabled
  // The pause lands at the next statement; none comes when the worker has gone idle or exits. Disconnecting
  // (the caller's finally) drops the pending pause.
  const event = await Promise.race([paused, sleep(PAUSE_WAIT_MS).then(() => null)])
  if (event === null) {
    return
  }
  const latencyMs = Math.round(performance.now() - askedAt)
  try {
    const top = event.callFrames[0]
    if (top) {
      const { result } = await target.post<Protocol.Debugger.EvaluateOnCallFrameResponse>('Debugger.evaluateOnCallFrame', { callFrameId: top.callFrameId, expression, returnByValue: true, silent: true })
      if (typeof result.value === 'string') {
        const seen = JSON.parse(result.value) as { sessionId: string | null, stack: string }
        // Posted while the worker is still paused, so it is there when the heartbeat measures the block.
        data.port.postMessage({ stamp, latencyMs, sessionId: seen.sessionId, stack: seen.stack } satisfies WatchdogCapture)
      }
    }
  }
  finally {
    await target.post('Debugger.resume')
    // Never left enabled: every await in the worker ran several times slower with it on.
    await target.post('Debugger.disable')
  }
}

async function watch(): Promise<void> {
  // An inspector request in flight does not keep a thread's loop alive; this does, until the worker goes.
  const keepAlive = setInterval(() => {}, 1 << 30)
  try {
    let handled = -1
    while (Atomics.load(beat, HEARTBEAT_STOP) === 0) {
      await sleep(pollMs)
      const stamp = Atomics.load(beat, HEARTBEAT_STAMP)
      if (stamp !== handled && sinceOrigin() - stamp >= data.warnAt) {
        handled = stamp
        // A watchdog that cannot connect stays quiet: the heartbeat still measures every block.
        await capture(stamp).catch(() => {})
      }
    }
  }
  finally {
    clearInterval(keepAlive)
  }
}

watch().catch(() => {})
