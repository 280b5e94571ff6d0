import type { WorkerInfo } from '../shared/session.js'
import { isMainThread, threadId } from 'node:worker_threads'

function numberFromEnv(name: string): number | null {
  const value = Number(process.env[name])
  return Number.isInteger(value) ? value : null
}

export function describeWorker(pool: string): WorkerInfo {
  return {
    pid: process.pid,
    threadId: isMainThread ? null : threadId,
    poolId: numberFromEnv('VITEST_POOL_ID'),
    pool,
  }
}
