import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { expect, onTestFinished, test } from 'vitest'
import { Heartbeat } from '../../src/worker/blocking/heartbeat.js'

const canPin = process.platform === 'linux' && existsSync('/proc/thread-self/schedstat') && spawnSync('taskset', ['-p', String(process.pid)]).status === 0

/** Pins every thread of this process, and three busy processes, to one CPU: this thread then runs about a quarter of the time. */
function shareOneCpu(): void {
  const mask = /([0-9a-f]+)\s*$/.exec(spawnSync('taskset', ['-p', String(process.pid)], { encoding: 'utf8' }).stdout)![1]!
  spawnSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)])
  const hogs = [0, 1, 2].map(() => spawn('taskset', ['-c', '0', process.execPath, '-e', 'for (;;) {}'], { stdio: 'ignore' }))
  onTestFinished(() => {
    hogs.forEach(hog => hog.kill('SIGKILL'))
    spawnSync('taskset', ['-a', '-p', mask, String(process.pid)])
  })
}

/** Runs on the thread until it has used `ms` of CPU itself, however long that takes on the clock. */
function work(ms: number): void {
  const start = process.cpuUsage()
  for (;;) {
    const end = performance.now() + 1
    while (performance.now() < end) {}
    const used = process.cpuUsage(start)
    if ((used.user + used.system) / 1000 >= ms) {
      return
    }
  }
}

test('on a loaded machine, time a worker waits for a CPU is not a block of its test', { skip: !canPin, timeout: 60_000 }, async () => {
  shareOneCpu()
  await new Promise(resolve => setTimeout(resolve, 200))
  const stalls: number[] = []
  const heartbeat = new Heartbeat(20, 50, durationMs => stalls.push(durationMs))
  const started = performance.now()
  work(60)
  const wall = performance.now() - started
  heartbeat.measure()
  heartbeat.stop()
  // The loop stood still for much longer than the work took; the heartbeat counts the work only.
  expect(wall).toBeGreaterThan(150)
  expect(Math.max(0, ...stalls)).toBeLessThan(120)
})
