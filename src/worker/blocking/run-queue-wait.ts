import { closeSync, openSync, readSync } from 'node:fs'

const SCHEDSTAT = '/proc/thread-self/schedstat'
const SPACE = 0x20
const DIGIT_ZERO = 0x30

/**
 * How long this thread has waited for a CPU while it could run, in ms: the second field of Linux's
 * schedstat. On a loaded machine a thread that waits its turn does not turn its event loop either, and
 * that is not the test's doing. Elsewhere (or without /proc) it stays 0.
 */
export class RunQueueWait {
  private readonly buffer = Buffer.alloc(64)
  private fd: number | null

  constructor() {
    try {
      // Opened by the thread it describes: `thread-self` resolves when it is opened.
      this.fd = openSync(SCHEDSTAT, 'r')
    }
    catch {
      this.fd = null
    }
  }

  /** Milliseconds waited so far; read without allocating. */
  read(): number {
    if (this.fd === null) {
      return 0
    }
    try {
      const length = readSync(this.fd, this.buffer, 0, this.buffer.length, 0)
      let index = this.buffer.indexOf(SPACE) + 1
      let nanoseconds = 0
      while (index > 0 && index < length && this.buffer[index]! >= DIGIT_ZERO && this.buffer[index]! <= DIGIT_ZERO + 9) {
        nanoseconds = nanoseconds * 10 + this.buffer[index]! - DIGIT_ZERO
        index++
      }
      return nanoseconds / 1e6
    }
    catch {
      this.close()
      return 0
    }
  }

  close(): void {
    if (this.fd !== null) {
      closeSync(this.fd)
      this.fd = null
    }
  }
}
