type Write = typeof process.stdout.write

/**
 * Runs `work` while whatever is written to `process.stdout` and `process.stderr` is kept instead of
 * printed: loading a config runs Vite, Vitest, plugins and the user's own code, any of which may print,
 * and `doctor --json` must print its document alone.
 */
export async function withOutputCaptured<T>(work: () => Promise<T>): Promise<{ result: T, output: string }> {
  let output = ''
  const streams = [process.stdout, process.stderr]
  const originals = streams.map(stream => stream.write)
  const keep = ((chunk: string | Uint8Array, encodingOrCallback?: unknown, callback?: unknown): boolean => {
    output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
    const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback
    if (typeof done === 'function') {
      queueMicrotask(() => (done as () => void)())
    }
    return true
  }) as Write
  streams.forEach((stream) => {
    stream.write = keep
  })
  try {
    return { result: await work(), output }
  }
  finally {
    streams.forEach((stream, index) => {
      stream.write = originals[index]!
    })
  }
}
