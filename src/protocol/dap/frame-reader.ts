/** What one chunk of a DAP byte stream held: whole messages, and frames that could not be read. */
export type Frame =
  | { kind: 'message', message: unknown }
  | { kind: 'malformed', problem: string }

const HEADER_END = '\r\n\r\n'
const CONTENT_LENGTH = /^content-length:\s*(\d+)\s*$/i
/** Far above any real request; a bigger frame is refused and skipped. */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024
const MAX_HEADER_BYTES = 4096

/**
 * Splits a stream into `Content-Length` framed JSON messages. Never throws: a frame it cannot read is
 * reported and skipped, and reading goes on at the next header.
 */
export class FrameReader {
  private buffer: Buffer = Buffer.alloc(0)
  /** Bytes of an oversized body still to skip. */
  private skipping = 0

  push(chunk: Buffer): Frame[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk])
    const frames: Frame[] = []
    for (;;) {
      if (this.skipping > 0) {
        const skipped = Math.min(this.skipping, this.buffer.length)
        this.skipping -= skipped
        this.buffer = this.buffer.subarray(skipped)
        if (this.skipping > 0) {
          return frames
        }
      }
      const headerEnd = this.buffer.indexOf(HEADER_END)
      if (headerEnd === -1) {
        if (this.buffer.length > MAX_HEADER_BYTES) {
          frames.push({ kind: 'malformed', problem: `no end of header ("\\r\\n\\r\\n") in ${this.buffer.length} bytes` })
          this.resync(1)
          continue
        }
        return frames
      }
      const length = contentLength(this.buffer.toString('latin1', 0, headerEnd))
      const bodyStart = headerEnd + HEADER_END.length
      if (length === null) {
        frames.push({ kind: 'malformed', problem: `a header without a valid Content-Length: ${JSON.stringify(this.buffer.toString('latin1', 0, Math.min(headerEnd, 80)))}` })
        // Garbage may run straight into a good header: look for one inside this header too.
        this.resync(1)
        continue
      }
      if (length > MAX_FRAME_BYTES) {
        frames.push({ kind: 'malformed', problem: `a frame of ${length} bytes, more than the ${MAX_FRAME_BYTES} allowed` })
        this.buffer = this.buffer.subarray(bodyStart)
        this.skipping = length
        continue
      }
      if (this.buffer.length < bodyStart + length) {
        return frames
      }
      const body = this.buffer.toString('utf8', bodyStart, bodyStart + length)
      this.buffer = this.buffer.subarray(bodyStart + length)
      frames.push(parse(body))
    }
  }

  /** Drops what cannot be a frame: everything up to the next `Content-Length` header at or after `from`. */
  private resync(from: number): void {
    const next = indexOfIgnoringCase(this.buffer, 'content-length:', from)
    this.buffer = next === -1 ? this.buffer.subarray(Math.max(from, this.buffer.length - 'content-length:'.length)) : this.buffer.subarray(next)
  }
}

function contentLength(header: string): number | null {
  let length: number | null = null
  for (const line of header.split('\r\n')) {
    const match = CONTENT_LENGTH.exec(line)
    if (match) {
      length = Number(match[1])
    }
    else if (!/^[\w-]+:/.test(line)) {
      return null
    }
  }
  return length !== null && Number.isSafeInteger(length) ? length : null
}

function parse(body: string): Frame {
  try {
    return { kind: 'message', message: JSON.parse(body) as unknown }
  }
  catch (error) {
    return { kind: 'malformed', problem: `a body that is not JSON (${(error as Error).message})` }
  }
}

function indexOfIgnoringCase(buffer: Buffer, text: string, from: number): number {
  const lower = buffer.toString('latin1').toLowerCase()
  return lower.indexOf(text, from)
}

/** One message as it goes on the wire. */
export function encodeFrame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8')
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}${HEADER_END}`, 'latin1'), body])
}
