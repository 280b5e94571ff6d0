/** What names a worker slot: a pool id when Vitest gives one, else the process and thread. */
export interface WorkerIdentity {
  pid: number
  /** null or 0 in a child process. */
  threadId: number | null
  poolId: number | null
  pool: string
}

/**
 * The key of the slot a worker runs in. A slot (pool id) runs one worker at a time; isolated forks start a
 * new process in it per file, so sessions of several processes share one slot.
 */
export function workerSlotKey(worker: WorkerIdentity): string {
  if (worker.poolId !== null) {
    return `${worker.pool}#${worker.poolId}`
  }
  return worker.threadId === null || worker.threadId === 0 ? String(worker.pid) : `${worker.pid}:${worker.threadId}`
}
