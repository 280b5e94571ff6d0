import { expect, test } from 'vitest'
import { keepsProcessAlive } from '../../src/worker/ledger/liveness.js'

/** A socket's handle as Node's TLS layer leaves it once it has let go of the connection (found on @mswjs/interceptors' suite). */
function tlsHandleAfterTeardown(id: number): object {
  return {
    getAsyncId: () => id,
    hasRef: () => true,
    get reading(): boolean {
      throw new TypeError('Cannot read properties of null (reading \'reading\')')
    },
  }
}

test('a handle whose TLS getters throw is not busy, and asking does not throw', () => {
  expect(keepsProcessAlive('TCPWRAP', tlsHandleAfterTeardown(7), 7)).toBe(false)
})

test('an open, ref\'d socket keeps the process alive only while it reads or has writes queued', () => {
  const socket = (reading: boolean, writeQueueSize: number) => ({ getAsyncId: () => 3, hasRef: () => true, reading, writeQueueSize })
  expect(keepsProcessAlive('TCPWRAP', socket(true, 0), 3)).toBe(true)
  expect(keepsProcessAlive('TCPWRAP', socket(false, 12), 3)).toBe(true)
  expect(keepsProcessAlive('TCPWRAP', socket(false, 0), 3)).toBe(false)
})
