import type { Frame } from '../../src/protocol/dap/frame-reader.js'
import { describe, expect, test } from 'vitest'
import { encodeFrame, FrameReader, MAX_FRAME_BYTES } from '../../src/protocol/dap/frame-reader.js'

/** A frame as a client writes it, with a Content-Length that counts the body's UTF-8 bytes. */
function frame(body: string, header = `Content-Length: ${Buffer.byteLength(body, 'utf8')}`): Buffer {
  return Buffer.concat([Buffer.from(`${header}\r\n\r\n`, 'latin1'), Buffer.from(body, 'utf8')])
}

function request(seq: number, command: string, args?: unknown): unknown {
  return { seq, type: 'request', command, ...args === undefined ? {} : { arguments: args } }
}

function messages(frames: Frame[]): unknown[] {
  return frames.map(item => item.kind === 'message' ? item.message : { malformed: item.problem })
}

describe('FrameReader', () => {
  test('a frame split into single bytes comes out whole, exactly when its last byte arrives', () => {
    const first = frame(JSON.stringify(request(1, 'initialize', { adapterID: 'vitest' })))
    const second = frame(JSON.stringify(request(2, 'threads')))
    const reader = new FrameReader()
    const seen: { at: number, frames: unknown[] }[] = []
    const stream = Buffer.concat([first, second])
    for (let index = 0; index < stream.length; index++) {
      const frames = reader.push(stream.subarray(index, index + 1))
      if (frames.length > 0) {
        seen.push({ at: index + 1, frames: messages(frames) })
      }
    }
    expect(seen).toEqual([
      { at: first.length, frames: [request(1, 'initialize', { adapterID: 'vitest' })] },
      { at: first.length + second.length, frames: [request(2, 'threads')] },
    ])
  })

  test('several frames in one chunk come out in order, and a partial one waits for the next chunk', () => {
    const third = frame(JSON.stringify(request(3, 'configurationDone')))
    const chunk = Buffer.concat([
      frame(JSON.stringify(request(1, 'threads'))),
      frame(JSON.stringify(request(2, 'loadedSources'))),
      third.subarray(0, 10),
    ])
    const reader = new FrameReader()
    expect(messages(reader.push(chunk))).toEqual([request(1, 'threads'), request(2, 'loadedSources')])
    expect(messages(reader.push(third.subarray(10)))).toEqual([request(3, 'configurationDone')])
  })

  test('Content-Length counts UTF-8 bytes, also when a chunk ends inside a multi-byte character', () => {
    const message = { seq: 7, type: 'request', command: 'evaluate', arguments: { expression: '"naïve ☕ 🍵 — ok"' } }
    const body = JSON.stringify(message)
    expect(Buffer.byteLength(body)).toBeGreaterThan(body.length)
    const stream = Buffer.concat([frame(body), frame(JSON.stringify(request(8, 'threads')))])
    // Every split point, including the ones inside "ï", "☕", "🍵" and "—".
    for (let split = 1; split < stream.length; split++) {
      const reader = new FrameReader()
      const frames = [...reader.push(stream.subarray(0, split)), ...reader.push(stream.subarray(split))]
      expect(messages(frames), `split at byte ${split}`).toEqual([message, request(8, 'threads')])
    }
  })

  test('a header without a valid Content-Length is reported, and the next frame is read', () => {
    const reader = new FrameReader()
    const frames = reader.push(Buffer.concat([
      Buffer.from('Content-Type: application/json\r\n\r\n{"seq":1}', 'latin1'),
      frame(JSON.stringify(request(2, 'threads'))),
      Buffer.from('Content-Length: twelve\r\n\r\n', 'latin1'),
      frame(JSON.stringify(request(3, 'threads'))),
      Buffer.from('Content-Length: 99999999999999999999\r\n\r\n', 'latin1'),
      frame(JSON.stringify(request(4, 'threads'))),
    ]))
    expect(messages(frames)).toEqual([
      { malformed: 'a header without a valid Content-Length: "Content-Type: application/json"' },
      request(2, 'threads'),
      { malformed: 'a header without a valid Content-Length: "Content-Length: twelve"' },
      request(3, 'threads'),
      { malformed: 'a header without a valid Content-Length: "Content-Length: 99999999999999999999"' },
      request(4, 'threads'),
    ])
  })

  test('garbage that ends in its own blank line is skipped, and the frame after it is read', () => {
    const reader = new FrameReader()
    const frames = reader.push(Buffer.concat([
      Buffer.from('\x00\xffnot a header at all\r\n\r\n', 'latin1'),
      frame(JSON.stringify(request(1, 'threads'))),
    ]))
    expect(messages(frames)).toEqual([
      { malformed: expect.stringMatching(/^a header without a valid Content-Length: /) },
      request(1, 'threads'),
    ])
  })

  // It used to: garbage with no blank line of its own became part of the next frame's header, and the
  // reader resynced from that frame's body, dropping a well-formed request that never got a response.
  test('garbage written right before a frame does not cost that frame', () => {
    const reader = new FrameReader()
    const frames = reader.push(Buffer.concat([
      Buffer.from('\x00\xff}garbage', 'latin1'),
      frame(JSON.stringify(request(1, 'threads'))),
      frame(JSON.stringify(request(2, 'threads'))),
    ]))
    expect(messages(frames).filter(message => !('malformed' in (message as object)))).toEqual([request(1, 'threads'), request(2, 'threads')])
  })

  test('a body that is not JSON is reported and skipped, and the next frame is read', () => {
    const reader = new FrameReader()
    const frames = reader.push(Buffer.concat([
      frame('{"seq": 1, "type": "request", '),
      frame(''),
      frame(JSON.stringify(request(2, 'threads'))),
    ]))
    expect(messages(frames)).toEqual([
      { malformed: expect.stringMatching(/^a body that is not JSON \(.+\)$/) },
      { malformed: expect.stringMatching(/^a body that is not JSON \(.+\)$/) },
      request(2, 'threads'),
    ])
  })

  test('a frame bigger than MAX_FRAME_BYTES is refused, its body skipped across chunks, and reading goes on', () => {
    const reader = new FrameReader()
    const length = MAX_FRAME_BYTES + 1
    const frames = reader.push(Buffer.from(`Content-Length: ${length}\r\n\r\n`, 'latin1'))
    expect(messages(frames)).toEqual([{ malformed: `a frame of ${length} bytes, more than the ${MAX_FRAME_BYTES} allowed` }])
    // The body, in 1 MiB chunks whose bytes would read as frames if the reader looked at them.
    const lookalike = frame(JSON.stringify(request(99, 'threads')))
    const chunk = Buffer.alloc(1024 * 1024)
    for (let offset = 0; offset < chunk.length; offset += lookalike.length) {
      lookalike.copy(chunk, offset)
    }
    let skipped = 0
    while (skipped + chunk.length < length) {
      expect(reader.push(chunk)).toEqual([])
      skipped += chunk.length
    }
    const rest = length - skipped
    expect(messages(reader.push(Buffer.concat([chunk.subarray(0, rest), frame(JSON.stringify(request(2, 'threads')))])))).toEqual([request(2, 'threads')])
  })

  test('more than 4 kB without the end of a header is reported, and reading goes on at the next frame', () => {
    const reader = new FrameReader()
    expect(reader.push(Buffer.alloc(3000, 'x'))).toEqual([])
    const frames = reader.push(Buffer.alloc(3000, 'x'))
    expect(messages(frames)).toEqual([{ malformed: 'no end of header ("\\r\\n\\r\\n") in 6000 bytes' }])
    // Garbage keeps being dropped: the reader does not grow without bound.
    const more: Frame[] = []
    for (let index = 0; index < 100; index++) {
      more.push(...reader.push(Buffer.alloc(5000, 'y')))
    }
    expect(more.length).toBe(100)
    expect(more.every(item => item.kind === 'malformed' && item.problem.startsWith('no end of header'))).toBe(true)
    expect(messages(reader.push(Buffer.concat([Buffer.from('\r\n\r\n'), frame(JSON.stringify(request(1, 'threads')))])))).toEqual([
      { malformed: expect.stringMatching(/^a header without a valid Content-Length: "y+"$/) },
      request(1, 'threads'),
    ])
  })

  test('header names are case-insensitive and other header fields are allowed', () => {
    const body = JSON.stringify(request(1, 'threads'))
    const reader = new FrameReader()
    const frames = reader.push(frame(body, `content-type: application/vscode-jsonrpc; charset=utf-8\r\nCONTENT-LENGTH:   ${Buffer.byteLength(body)}`))
    expect(messages(frames)).toEqual([request(1, 'threads')])
  })
})

describe('encodeFrame', () => {
  test('writes a Content-Length header in bytes, and FrameReader reads the message back', () => {
    const message = { seq: 3, type: 'event', event: 'output', body: { category: 'console', output: 'tea ☕ costs 4 €\n' } }
    const encoded = encodeFrame(message)
    const body = JSON.stringify(message)
    expect(encoded.toString('utf8')).toBe(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
    expect(Buffer.byteLength(body)).toBe(body.length + 4)
    const reader = new FrameReader()
    expect(messages(reader.push(Buffer.concat([encoded, encodeFrame(request(4, 'threads')), encoded])))).toEqual([message, request(4, 'threads'), message])
  })
})
