import type { BlockRecord } from '../shared/blocking.js'

const syncIo = /\b(?:readFileSync|writeFileSync|appendFileSync|readdirSync|statSync|lstatSync|existsSync|openSync|readSync|writeSync|copyFileSync|mkdirSync|rmSync|unlinkSync|execSync|execFileSync|spawnSync|closeSync|fsyncSync)\b/
const hugeJson = /\bJSON\.(?:parse|stringify)\b/
const atomicsWait = /\bAtomics\.wait\b/

export const HINTS = {
  syncIo: 'Synchronous I/O (readFileSync, execSync, spawnSync…) holds the thread until the disk or the child process answers: use the promise form (fs/promises, a child process with await), or do it once in beforeAll.',
  hugeJson: 'JSON.parse and JSON.stringify of a large value run in one go on the thread: use a smaller fixture, or parse it once in beforeAll.',
  atomicsWait: 'Atomics.wait sleeps on the thread itself: nothing else runs until it wakes. Await Atomics.waitAsync or a timer instead.',
  nativeCall: 'A native call (synchronous I/O, a child process, a large JSON.parse) had just returned when the watchdog stopped the thread: the call just before this line is the likely culprit.',
  tightLoop: 'A loop ran on the thread without yielding: no timer, I/O callback or other test could run meanwhile. Make the work smaller, or move it to a worker thread.',
} as const

/** The advice for a block, picked from the frames the watchdog read; none when it read none. */
export function blockingHint(block: BlockRecord): string | undefined {
  if (block.capture !== 'live') {
    return undefined
  }
  const top = block.stack.slice(0, 4).join('\n')
  if (syncIo.test(top)) {
    return HINTS.syncIo
  }
  if (hugeJson.test(top)) {
    return HINTS.hugeJson
  }
  if (atomicsWait.test(top)) {
    return HINTS.atomicsWait
  }
  return block.note?.includes('native call') ? HINTS.nativeCall : HINTS.tightLoop
}
