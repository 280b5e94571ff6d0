import type { DebugProtocol } from '@vscode/debugprotocol'
import type { Socket } from 'node:net'
import type { Check, Item } from '../utils/dap-fuzz.js'
import { connect } from 'node:net'
import { DebugClient } from '@vscode/debugadapter-testsupport'
import getPort from 'get-port'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DapGateway } from '../../src/gateway/dap-gateway.js'
import { MAX_FRAME_BYTES } from '../../src/protocol/dap/frame-reader.js'
import { BREAKPOINT_PATH, FILTERS, fuzzRound, NOT_SUPPORTED, randomness, same, succeeds, transcriptProblems } from '../utils/dap-fuzz.js'
import { frame, HOST, httpExchange, WireClient, within } from '../utils/dap-wire.js'

/** Reproduce a failure with DAP_FUZZ_SEED=<seed>. */
const SEED = Number(process.env.DAP_FUZZ_SEED ?? 0x5eed_dab)
const ROUNDS = 600

/** A whole session as an editor runs it, through VS Code's reference DAP client. */
async function normalSession(port: number): Promise<void> {
  const client = new DebugClient('node', '', 'node')
  await client.start(port)
  // Server mode of DebugClient: its socket, to see the gateway close it after `disconnect`.
  const socket = (client as unknown as { _socket: Socket })._socket
  const closed = new Promise<void>(resolve => socket.once('close', () => resolve()))
  try {
    const initialize = await client.initializeRequest()
    expect(initialize.body?.supportsConfigurationDoneRequest).toBe(true)
    expect(initialize.body?.exceptionBreakpointFilters?.map(filter => filter.filter)).toEqual(FILTERS)

    const initialized = client.waitForEvent('initialized')
    await client.attachRequest({})
    await within(initialized, 5_000, 'the "initialized" event after "attach"')

    const set = await client.setBreakpointsRequest({ source: { path: BREAKPOINT_PATH }, breakpoints: [{ line: 12 }, { line: 20, condition: 'order.total > 3' }] })
    const pending = (line: number): unknown => ({
      id: expect.any(Number),
      verified: false,
      line,
      source: { name: 'order.test.ts', path: BREAKPOINT_PATH },
      message: 'pending: no worker has loaded order.test.ts at this line yet; it binds when one does',
    })
    expect(set.body.breakpoints).toEqual([pending(12), pending(20)])
    expect(new Set(set.body.breakpoints.map(breakpoint => breakpoint.id)).size).toBe(2)

    const exceptions = await client.setExceptionBreakpointsRequest({ filters: ['failed-test'] })
    expect(exceptions.body?.breakpoints).toEqual([{ verified: true }])
    await client.configurationDoneRequest()
    expect((await client.threadsRequest()).body).toEqual({ threads: [] })
    await expect(client.send('frobnicate', { please: true })).rejects.toThrow(NOT_SUPPORTED('frobnicate'))
    await expect(client.send('stackTrace', { threadId: 999 })).rejects.toThrow('thread 999 does not exist (any more): its worker has ended its file or exited')

    const disconnect = await client.disconnectRequest({})
    expect(disconnect.success).toBe(true)
    await within(closed, 5_000, 'the gateway to close the connection after "disconnect"')
  }
  finally {
    socket.destroy()
  }
}

describe('the DAP gateway, fuzzed over TCP', () => {
  let gateway: DapGateway
  const unhandled: unknown[] = []
  const record = (error: unknown): void => {
    unhandled.push(error)
  }

  beforeAll(async () => {
    process.on('uncaughtException', record)
    process.on('unhandledRejection', record)
    gateway = await DapGateway.start({ host: HOST, preferredPort: await getPort({ host: HOST }), waitForClient: false })
  })

  afterAll(async () => {
    await gateway?.close()
    process.off('uncaughtException', record)
    process.off('unhandledRejection', record)
  })

  test('binds 127.0.0.1, and takes any free port when the preferred one is taken', async () => {
    expect(gateway.address.host).toBe(HOST)
    expect(gateway.address.port).toBeGreaterThan(0)
    const second = await DapGateway.start({ host: HOST, preferredPort: gateway.address.port, waitForClient: false })
    try {
      expect(second.address.port).toBeGreaterThan(0)
      expect(second.address.port).not.toBe(gateway.address.port)
    }
    finally {
      await second.close()
    }
  })

  test(`answers every request it can read among ${ROUNDS} rounds of random and broken frames (seed ${SEED}), and keeps serving`, { timeout: 55_000 }, async () => {
    const random = randomness(SEED)
    let seq = 0
    const nextSeq = (): number => ++seq
    const wire = await WireClient.open(gateway.address.port)

    const expected = new Map<number, { label: string, command: string, check: Check }>()
    /** Requests read with the reader aligned on them: each must be answered. */
    const mustAnswer: number[] = []
    const probes: number[] = []
    let frames = 0
    const stream: Buffer[] = []
    const add = (item: Item): void => {
      stream.push(item.bytes)
      frames++
      if (item.answer) {
        expected.set(item.answer.seq, { label: item.label, command: item.answer.command, check: item.answer.check })
      }
    }

    // The first bytes are a real request: a connection that starts like HTTP is refused.
    const opening: Item = (() => {
      const first = nextSeq()
      return { label: 'initialize', bytes: frame(JSON.stringify({ seq: first, type: 'request', command: 'initialize', arguments: { adapterID: 'fuzz' } })), keepsAlignment: true, answer: { seq: first, command: 'initialize', check: succeeds() } }
    })()
    add(opening)
    mustAnswer.push(opening.answer!.seq)
    for (let index = 0; index < ROUNDS; index++) {
      // After the previous probe the reader is aligned, until an item that breaks framing.
      let aligned = true
      for (const item of fuzzRound(random, nextSeq, random.int(10, 24))) {
        add(item)
        if (aligned && item.keepsAlignment && item.answer) {
          mustAnswer.push(item.answer.seq)
        }
        aligned &&= item.keepsAlignment
      }
      const probe = nextSeq()
      probes.push(probe)
      mustAnswer.push(probe)
      add({ label: `probe after round ${index}`, bytes: frame(JSON.stringify({ seq: probe, type: 'request', command: 'threads' })), keepsAlignment: true, answer: { seq: probe, command: 'threads', check: succeeds(same({ threads: [] })) } })
    }
    expect(frames).toBeGreaterThanOrEqual(10_000)

    // Written in random slices, from single bytes to 64 kB, so frames split anywhere.
    const bytes = Buffer.concat(stream)
    for (let offset = 0; offset < bytes.length;) {
      const size = random.chance(0.05) ? random.int(1, 16) : random.int(1, 64 * 1024)
      await wire.write(bytes.subarray(offset, offset + size))
      offset += size
    }
    await wire.response(probes.at(-1)!, 30_000)

    const responses = wire.messages.filter((message): message is DebugProtocol.Response => message.type === 'response')
    const answered = new Map<number, DebugProtocol.Response[]>()
    for (const response of responses) {
      answered.set(response.request_seq, [...answered.get(response.request_seq) ?? [], response])
    }
    const wrong: string[] = []
    for (const [requestSeq, answers] of answered) {
      const sent = expected.get(requestSeq)
      if (requestSeq === 0) {
        // JSON without a numeric seq (null, 42, an array, seq "7"): nothing else is answered with 0.
        wrong.push(...answers.filter(answer => !/^not a DAP message/.test(answer.message ?? '')).map(answer => `request_seq 0: ${JSON.stringify(answer)}`))
        continue
      }
      if (!sent) {
        wrong.push(`a response to ${requestSeq}, which was never sent as a message to answer: ${JSON.stringify(answers).slice(0, 300)}`)
        continue
      }
      if (answers.length > 1) {
        wrong.push(`${answers.length} responses to ${sent.label}`)
      }
      const problem = answers[0]!.command === sent.command ? sent.check(answers[0]!) : `command ${JSON.stringify(answers[0]!.command)}`
      if (problem) {
        wrong.push(`${sent.label}\n  got ${JSON.stringify(answers[0]).slice(0, 300)}\n  ${problem}`)
      }
    }
    expect(wrong.slice(0, 10), `seed ${SEED}`).toEqual([])
    expect(mustAnswer.filter(requestSeq => !answered.has(requestSeq)).map(requestSeq => expected.get(requestSeq)!.label).slice(0, 10), `seed ${SEED}: requests read in step that got no response`).toEqual([])
    expect(transcriptProblems(wire.messages).slice(0, 10)).toEqual([])
    expect(wire.violations).toEqual([])
    // Every round ends in a run of x that is no header: each is reported, with the other broken frames.
    const ignored = wire.messages.filter(message => message.type === 'event' && (message as DebugProtocol.Event).event === 'output')
    expect(ignored.length).toBeGreaterThanOrEqual(ROUNDS)
    // The fuzz stays meaningful: hundreds of requests besides the probes are read in step and checked.
    expect(mustAnswer.length - probes.length).toBeGreaterThan(300)
    expect(answered.size).toBeGreaterThan(2000)

    // A frame over MAX_FRAME_BYTES is skipped, body and all, and the same connection goes on.
    const oversized = MAX_FRAME_BYTES + 1
    await wire.write(Buffer.from(`Content-Length: ${oversized}\r\n\r\n`, 'latin1'))
    const lookalike = frame(JSON.stringify({ seq: 1_000_000_001, type: 'request', command: 'threads' }))
    const chunk = Buffer.alloc(1024 * 1024)
    for (let offset = 0; offset < chunk.length; offset += lookalike.length) {
      lookalike.copy(chunk, offset)
    }
    for (let left = oversized; left > 0; left -= chunk.length) {
      await wire.write(chunk.subarray(0, Math.min(left, chunk.length)))
    }
    const after = nextSeq()
    await wire.write(frame(JSON.stringify({ seq: after, type: 'request', command: 'threads' })))
    expect((await wire.response(after, 20_000)).body).toEqual({ threads: [] })
    expect(wire.messages.some(message => (message as DebugProtocol.Event).body?.output === `vitest-async-debug: ignored a frame of ${oversized} bytes, more than the ${MAX_FRAME_BYTES} allowed\n`)).toBe(true)
    expect(wire.messages.some(message => (message as DebugProtocol.Response).request_seq === 1_000_000_001)).toBe(false)

    // A Content-Length of a petabyte swallows the rest of this stream: it is reported, then the client hangs up.
    await wire.write(Buffer.from('Content-Length: 1000000000000000\r\n\r\n', 'latin1'))
    await wire.waitFor('the report of the petabyte frame', message => (message as DebugProtocol.Event).body?.output === `vitest-async-debug: ignored a frame of 1000000000000000 bytes, more than the ${MAX_FRAME_BYTES} allowed\n`)
    wire.socket.end()
    await within(wire.closed, 5_000, 'the fuzzed connection to close')

    expect(unhandled).toEqual([])
    expect(transcriptProblems(wire.messages).slice(0, 10)).toEqual([])
  })

  test('a new connection from VS Code\'s reference DAP client then runs a whole session', async () => {
    await normalSession(gateway.address.port)
    expect(unhandled).toEqual([])
  })

  test('an HTTP request gets 403 and is closed, and the gateway serves DAP clients after it', async () => {
    for (const request of [
      `GET / HTTP/1.1\r\nHost: ${HOST}:${gateway.address.port}\r\n\r\n`,
      `GET /json/version HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`,
      'POST /evaluate HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}',
    ]) {
      const reply = await within(httpExchange(gateway.address.port, request), 5_000, `an answer to ${JSON.stringify(request.split('\r\n', 1)[0])}`)
      expect(reply).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n/)
      expect(reply).toContain('\r\nConnection: close\r\n')
      expect(reply.endsWith('\r\n\r\nThis port speaks the Debug Adapter Protocol, not HTTP.\n')).toBe(true)
    }
    await normalSession(gateway.address.port)
    expect(unhandled).toEqual([])
  })

  // It used to: `setBreakpoints` booked breakpoints for a client that had not sent `attach`, and when that
  // client went they stayed in the book; workers bound them while any other client was attached, so that
  // client stopped at lines nobody set.
  test('a client that sets breakpoints without attaching leaves none behind when it goes', async () => {
    const path = '/tmp/vitest-async-debug-fuzz/left-behind.test.ts'
    const wire = await WireClient.open(gateway.address.port)
    await wire.write(frame(JSON.stringify({ seq: 1, type: 'request', command: 'initialize', arguments: { adapterID: 'fuzz' } })))
    await wire.write(frame(JSON.stringify({ seq: 2, type: 'request', command: 'setBreakpoints', arguments: { source: { path }, breakpoints: [{ line: 5 }] } })))
    expect((await wire.response(2)).success).toBe(true)
    wire.socket.end()
    await within(wire.closed, 5_000, 'the connection to close')
    await new Promise(resolve => setTimeout(resolve, 100))
    expect(gateway.book.paths()).not.toContain(path)
  })

  // It used to: close() ended the connections that had a DAP session, but not one that had sent nothing
  // yet, and server.close() waited for it; one silent client (an editor before `initialize`,
  // `nc 127.0.0.1 4711`) left vitest.close() pending.
  test('close() does not wait for a connection that has not sent anything yet', async () => {
    const idle = await DapGateway.start({ host: HOST, preferredPort: 0, waitForClient: false })
    const socket = connect(idle.address.port, HOST)
    socket.on('error', () => {})
    await new Promise(resolve => socket.once('connect', resolve))
    try {
      await within(idle.close(), 2_000, 'close() while a connection that sent nothing is open')
    }
    finally {
      socket.destroy()
    }
  })
})
