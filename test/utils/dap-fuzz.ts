import type { DebugProtocol } from '@vscode/debugprotocol'
import { frame } from './dap-wire.js'

/** Longer than any body the fuzzer claims, so the run of x after a round ends whatever frame the round left open. */
export const FLUSH_BYTES = 8192
export const FILTERS = ['failed-test', 'uncaught', 'all']
export const NOT_SUPPORTED = (command: string): string => `"${command}" is not supported by vitest-async-debug's DAP gateway`
export const BREAKPOINT_PATH = '/tmp/vitest-async-debug-fuzz/order.test.ts'

/** A seeded PRNG (mulberry32), so a fuzz run can be repeated. */
export function randomness(seed: number) {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  return {
    int,
    chance: (p: number): boolean => next() < p,
    pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!,
    bytes: (length: number): Buffer => Buffer.from(Array.from({ length }, () => int(0, 255))),
    word: (length: number): string => Array.from({ length }, () => 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ/_$0123456789'[int(0, 63)]).join(''),
  }
}
export type Random = ReturnType<typeof randomness>

/** Why a response is wrong, or null when it is right. */
export type Check = (response: DebugProtocol.Response) => string | null

export interface Item {
  label: string
  bytes: Buffer
  /** The reader is at the start of the next item after this one (a complete frame). */
  keepsAlignment: boolean
  /** A message the gateway must answer (when it reads it), with what the answer must be. */
  answer?: { seq: number, command: string, check: Check }
}

const fails = (pattern: RegExp | string): Check => response => !response.success && typeof response.message === 'string' && (typeof pattern === 'string' ? response.message === pattern : pattern.test(response.message))
  ? null
  : `expected success: false with a message ${typeof pattern === 'string' ? JSON.stringify(pattern) : String(pattern)}`
export const succeeds = (body: (body: unknown) => boolean = () => true): Check => response => response.success && body(response.body) ? null : 'expected success: true with the right body'
export const same = (expected: unknown) => (body: unknown): boolean => JSON.stringify(body) === JSON.stringify(expected)

interface Planned {
  command: string
  args?: unknown
  /** Leave `arguments` out of the request. */
  noArguments?: boolean
  check: Check
}

/** Requests for commands the gateway knows, mostly with arguments that make no sense when no worker runs. */
function knownRequest(random: Random): Planned {
  const id = random.pick([1, 2, 999, random.int(3, 1_000_000)])
  const thread = random.pick(['stackTrace', 'continue', 'next', 'stepIn', 'stepOut', 'pause', 'exceptionInfo', 'vitestAsyncDebug/session', 'vitestAsyncDebug/ledger'])
  const needsArguments = random.pick(['stackTrace', 'scopes', 'variables', 'setVariable', 'continue', 'setBreakpoints', 'setExceptionBreakpoints', 'evaluate', 'exceptionInfo', 'source', 'pause'])
  const plans: (() => Planned)[] = [
    () => ({ command: thread, args: { threadId: id }, check: fails(new RegExp(`^thread ${id} does not exist \\(any more\\)`)) }),
    () => {
      const threadId = random.pick<unknown>(['x', '1', 1.5, null, true, [1], { id: 1 }])
      return { command: thread, args: { threadId }, check: fails(`"${thread}" needs a whole number \`threadId\`, got ${JSON.stringify(threadId)}`) }
    },
    // A prototype key in the arguments stays an own property: no thread id comes from it.
    () => ({ command: thread, args: JSON.parse(`{"__proto__": {"threadId": ${id}}}`) as unknown, check: fails(`"${thread}" needs a whole number \`threadId\`, got undefined`) }),
    () => ({ command: 'scopes', args: { frameId: id }, check: fails(`frame ${id} is gone: its thread has resumed or exited`) }),
    () => ({ command: 'scopes', args: { frameId: String(id) }, check: fails(`"scopes" needs a whole number \`frameId\`, got "${id}"`) }),
    () => ({ command: 'variables', args: { variablesReference: id }, check: fails(`variables reference ${id} is gone: its thread has resumed or exited`) }),
    () => ({ command: 'variables', args: { variablesReference: { id } }, check: fails(/^"variables" needs a whole number `variablesReference`/) }),
    () => ({ command: 'setVariable', args: { variablesReference: id, name: 'total', value: '5' }, check: fails(`variables reference ${id} is gone or cannot be set`) }),
    () => ({ command: 'evaluate', args: { expression: 'order.total', context: random.pick(['repl', 'watch', 'hover']) }, check: fails(/^no worker is running/) }),
    () => ({ command: 'evaluate', args: { expression: random.pick<unknown>([42, null, ['x'], { code: 'x' }]) }, check: fails('"evaluate" needs an `expression` string') }),
    () => ({ command: 'evaluate', args: { expression: 'x', frameId: id }, check: fails(`frame ${id} is gone: its thread has resumed or exited`) }),
    () => ({ command: 'source', args: random.chance(0.5) ? { sourceReference: id } : { source: { sourceReference: id } }, check: fails(`source ${id} is gone: its worker has exited`) }),
    () => ({ command: 'launch', args: { program: 'order.test.ts' }, check: fails(/use "request": "attach"/) }),
    () => ({ command: 'setBreakpoints', args: { source: random.pick<unknown>([{}, { path: 42 }, { path: '' }, { name: 'order.test.ts' }]), breakpoints: [{ line: 3 }] }, check: fails(/^"setBreakpoints" needs `source.path`/) }),
    () => ({ command: 'setBreakpoints', args: { source: { path: BREAKPOINT_PATH }, breakpoints: random.pick<unknown>(['everywhere', [null], [{ line: 3, condition: 7 }], 12]) }, check: fails(/^"setBreakpoints" needs `breakpoints` to be an array of objects with a whole number `line`/) }),
    () => ({ command: 'setBreakpoints', args: { source: { path: BREAKPOINT_PATH }, lines: random.pick<unknown>(['3', [3.5], [null]]) }, check: fails(/^"setBreakpoints" needs `lines` to be an array of whole numbers, got /) }),
    () => {
      const line = random.int(1, 500)
      return {
        command: 'setBreakpoints',
        args: { source: { path: BREAKPOINT_PATH }, breakpoints: [{ line }, { line: line + 1, hitCondition: 'often' }] },
        check: succeeds((body) => {
          const [pending, refused] = (body as DebugProtocol.SetBreakpointsResponse['body']).breakpoints
          return pending?.verified === false && pending.line === line && /^pending: /.test(pending.message ?? '')
            && refused?.verified === false && (refused.message ?? '').startsWith('hit condition "often" is not understood')
        }),
      }
    },
    () => ({
      command: 'setExceptionBreakpoints',
      args: { filters: ['failed-test', 'bogus'] },
      check: succeeds(same({ breakpoints: [{ verified: true }, { verified: false, message: 'unknown exception filter "bogus"' }] })),
    }),
    () => ({ command: 'setExceptionBreakpoints', args: { filters: ['all'], filterOptions: [null] }, check: fails('"setExceptionBreakpoints" needs `filterOptions` to be an array of objects with a `filterId` string, got [null]') }),
    // A string is not a list of filters: 'all' used to become the filters "a" and "l".
    () => ({ command: 'setExceptionBreakpoints', args: { filters: 'all' }, check: fails('"setExceptionBreakpoints" needs `filters` to be an array of filter names (strings), got "all"') }),
    () => ({ command: needsArguments, args: random.pick<unknown>(['x', 5, true, null]), check: fails(`"${needsArguments}" needs arguments`) }),
    () => ({ command: needsArguments, noArguments: true, check: fails(`"${needsArguments}" needs arguments`) }),
    () => ({ command: 'threads', check: succeeds(same({ threads: [] })) }),
    () => ({ command: 'loadedSources', check: succeeds(same({ sources: [] })) }),
    () => ({ command: 'initialize', args: { adapterID: 'fuzz' }, check: succeeds(body => same(FILTERS)((body as DebugProtocol.Capabilities).exceptionBreakpointFilters?.map(filter => filter.filter))) }),
    () => ({ command: 'configurationDone', check: succeeds() }),
    () => ({ command: 'attach', args: {}, check: succeeds() }),
  ]
  return random.pick(plans)()
}

function unknownCommand(random: Random): Planned {
  const command = random.pick([
    random.word(random.int(1, 20)),
    random.word(random.int(1000, 3000)),
    '',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'restart',
    'terminate',
    'stepBack',
    'goto',
    'modules',
    'completions',
    'readMemory',
    'setFunctionBreakpoints',
    'тест ☕ 🍵',
  ])
  // Deeply nested arguments too: JSON.parse and the gateway must take them.
  const args = random.chance(0.1) ? JSON.parse(`${'['.repeat(1500)}1${']'.repeat(1500)}`) as unknown : { anything: random.word(8) }
  return { command, args, check: fails(NOT_SUPPORTED(command)) }
}

/** The fuzz stream: one round of random items, then a run of x and a blank line that end any frame left open, then a probe. */
export function fuzzRound(random: Random, nextSeq: () => number, size: number): Item[] {
  const items: Item[] = []
  const request = (planned: Planned, label: string): Item => {
    const seq = nextSeq()
    const message = { seq, type: 'request', command: planned.command, ...planned.noArguments ? {} : { arguments: planned.args } }
    return { label: `${label} ${JSON.stringify(message).slice(0, 120)}`, bytes: frame(JSON.stringify(message)), keepsAlignment: true, answer: { seq, command: planned.command, check: planned.check } }
  }
  for (let index = 0; index < size; index++) {
    const kind = random.int(0, 99)
    if (kind < 30) {
      items.push(request(knownRequest(random), 'known command'))
    }
    else if (kind < 40) {
      items.push(request(unknownCommand(random), 'unknown command'))
    }
    else if (kind < 48) {
      // JSON, but not a request: answered with request_seq = its seq when it has a numeric one, else 0.
      const seq = nextSeq()
      const shape = random.pick<[unknown, number, string]>([
        [{ seq, type: 'request' }, seq, ''],
        [{ seq, type: 'reqest', command: 'threads' }, seq, 'threads'],
        [{ seq, command: 'threads' }, seq, 'threads'],
        [{ seq: String(seq), type: 'request', command: 'threads' }, 0, 'threads'],
        [{ seq: null, type: 'request', command: 42 }, 0, '42'],
        [null, 0, ''],
        [42, 0, ''],
        ['threads', 0, ''],
        [[{ seq, type: 'request', command: 'threads' }], 0, ''],
      ])
      const [message, answeredSeq, command] = shape
      items.push({
        label: `not a request ${JSON.stringify(message)}`,
        bytes: frame(JSON.stringify(message)),
        keepsAlignment: true,
        ...answeredSeq === 0 ? {} : { answer: { seq: answeredSeq, command, check: fails(/^not a DAP message: expected a request/) } },
      })
    }
    else if (kind < 52) {
      // Events and responses from the client are taken without an answer.
      const message = random.pick<unknown>([
        { seq: nextSeq(), type: 'event', event: 'stopped', body: { reason: 'breakpoint' } },
        { seq: nextSeq(), type: 'response', request_seq: 1_000_000_000, success: true, command: 'runInTerminal' },
      ])
      items.push({ label: `ignored ${JSON.stringify(message)}`, bytes: frame(JSON.stringify(message)), keepsAlignment: true })
    }
    else if (kind < 60) {
      const body = random.pick([
        () => '{"seq": 1, "type": "request", "command": "threads"',
        () => `{"seq": ${random.int(1, 99)}, 'type': 'request'}`,
        () => random.word(random.int(1, 200)),
        () => '',
        () => '\u00ff\u00fe{}',
      ])()
      items.push({ label: `a body that is not JSON ${JSON.stringify(body.slice(0, 60))}`, bytes: frame(body), keepsAlignment: true })
    }
    else if (kind < 70) {
      const garbage = random.bytes(random.int(1, 400))
      items.push({ label: `garbage ${garbage.length} bytes`, bytes: garbage, keepsAlignment: false })
    }
    else if (kind < 78) {
      const header = random.pick(['Content-Length: -5', 'Content-Length: 1e3', 'Content-Length: 0x10', 'Content-Lenght: 12', 'Content-Length:', 'Content-Length: 99999999999999999999', 'X-Foo: 1', '', 'Content-Length 12', 'content-length: twelve'])
      items.push({ label: `a bad header ${JSON.stringify(header)}`, bytes: Buffer.from(`${header}\r\n\r\n{"seq":1,"type":"request","command":"threads"}`, 'latin1'), keepsAlignment: false })
    }
    else if (kind < 90) {
      const whole = request(random.chance(0.5) ? knownRequest(random) : unknownCommand(random), 'truncated')
      const cut = random.int(1, whole.bytes.length - 1)
      items.push({ ...whole, label: `a frame cut at byte ${cut} of ${whole.label}`, bytes: whole.bytes.subarray(0, cut), keepsAlignment: false })
    }
    else {
      // Read as a request only when what follows happens to be white space.
      const seq = nextSeq()
      const body = JSON.stringify({ seq, type: 'request', command: 'threads' })
      const claimed = Buffer.byteLength(body) + random.int(1, 1000)
      items.push({ label: `a Content-Length of ${claimed} for ${Buffer.byteLength(body)} bytes`, bytes: frame(body, claimed), keepsAlignment: false, answer: { seq, command: 'threads', check: succeeds(same({ threads: [] })) } })
    }
  }
  items.push({ label: 'flush', bytes: Buffer.from(`${'x'.repeat(FLUSH_BYTES)}\r\n\r\n`, 'latin1'), keepsAlignment: false })
  return items
}

export /** What is wrong with the gateway's side of a transcript: message shapes, sequence numbers, events. */
function transcriptProblems(messages: readonly DebugProtocol.ProtocolMessage[]): string[] {
  const problems: string[] = []
  let lastSeq = 0
  for (const message of messages) {
    if (typeof message.seq !== 'number' || message.seq <= lastSeq) {
      problems.push(`seq ${message.seq} after ${lastSeq}`)
    }
    lastSeq = message.seq
    if (message.type === 'response') {
      const response = message as DebugProtocol.Response
      if (typeof response.success !== 'boolean' || typeof response.command !== 'string' || typeof response.request_seq !== 'number') {
        problems.push(`a malformed response ${JSON.stringify(response).slice(0, 200)}`)
      }
      if (!response.success && !(typeof response.message === 'string' && response.message.trim() !== '')) {
        problems.push(`a failure without a message ${JSON.stringify(response).slice(0, 200)}`)
      }
    }
    else if (message.type === 'event') {
      const event = message as DebugProtocol.Event
      const output = event.body as DebugProtocol.OutputEvent['body'] | undefined
      if (event.event === 'output' ? !(output?.category === 'important' && /^vitest-async-debug: ignored .+\n$/s.test(output.output)) : event.event !== 'initialized') {
        problems.push(`an unexpected event ${JSON.stringify(event).slice(0, 200)}`)
      }
    }
    else {
      problems.push(`a message that is neither a response nor an event ${JSON.stringify(message).slice(0, 200)}`)
    }
  }
  return problems
}
