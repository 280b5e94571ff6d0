import type { DebugProtocol } from '@vscode/debugprotocol'
import type { DapConnection } from '../protocol/dap/dap-connection.js'
import type { LedgerResponseBody, SessionResponseBody, ThreadArguments } from '../shared/dap-extensions.js'
import type { DapGateway } from './dap-gateway.js'
import type { PauseOnExceptions } from './worker-target.js'
import { DapError } from '../protocol/dap/dap-error.js'
import { INSPECTION_KEY } from '../shared/constants.js'
import { LEDGER_REQUEST, SESSION_REQUEST } from '../shared/dap-extensions.js'
import { capabilities, FAILED_TEST_FILTER } from './capabilities.js'

const INSPECTION_TIMEOUT_MS = 5_000

function argumentsOf<T>(request: DebugProtocol.Request): T {
  const args = request.arguments as unknown
  if (typeof args !== 'object' || args === null) {
    throw new DapError(`"${request.command}" needs arguments`)
  }
  return args as T
}

function numberArgument(args: object, name: string, command: string): number {
  const value = (args as Record<string, unknown>)[name]
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new DapError(`"${command}" needs a whole number \`${name}\`, got ${JSON.stringify(value)}`)
  }
  return value
}

/** An optional array argument whose items pass `isItem`; a wrong shape is the client's error, named, not a TypeError. */
function listArgument<T>(args: object, name: string, command: string, isItem: (item: unknown) => boolean, shape: string): T[] | undefined {
  const value = (args as Record<string, unknown>)[name]
  if (value === undefined) {
    return undefined
  }
  if (!Array.isArray(value) || !value.every(isItem)) {
    throw new DapError(`"${command}" needs \`${name}\` to be an array of ${shape}, got ${JSON.stringify(value)?.slice(0, 200)}`)
  }
  return value as T[]
}

const isObject = (item: unknown): item is Record<string, unknown> => typeof item === 'object' && item !== null
const isLine = (item: unknown): boolean => typeof item === 'number' && Number.isInteger(item)
const optionalStrings = (item: Record<string, unknown>, names: string[]): boolean => names.every(name => item[name] === undefined || typeof item[name] === 'string')

/** One DAP client: its requests, its breakpoints and exception filters, and the events it gets. */
export class DapSession {
  attached = false
  configured = false
  filters = new Set<string>()

  constructor(readonly id: number, private readonly connection: DapConnection, private readonly gateway: DapGateway) {
    connection.onRequest(request => this.handle(request))
  }

  get pauseOnExceptions(): PauseOnExceptions {
    return this.filters.has('all') ? 'all' : this.filters.has('uncaught') ? 'uncaught' : 'none'
  }

  get wantsFailedTestStops(): boolean {
    return this.filters.has(FAILED_TEST_FILTER)
  }

  /** Closes the connection once what was sent has gone out. */
  end(): void {
    this.connection.end()
  }

  event(event: string, body?: unknown): void {
    this.connection.sendEvent(event, body)
  }

  private async handle(request: DebugProtocol.Request): Promise<unknown> {
    const { gateway } = this
    switch (request.command) {
      case 'initialize':
        return capabilities
      case 'launch':
        throw new DapError('this debug server attaches to a running Vitest run: use "request": "attach"')
      case 'attach':
        await gateway.attachSession(this)
        // After the response: clients send their breakpoints once they see it.
        setImmediate(() => this.event('initialized'))
        return undefined
      case 'setBreakpoints': {
        const args = argumentsOf<DebugProtocol.SetBreakpointsArguments>(request)
        listArgument(args, 'breakpoints', request.command, item => isObject(item) && isLine(item.line) && optionalStrings(item, ['condition', 'hitCondition', 'logMessage']), 'objects with a whole number `line` (and `condition`, `hitCondition`, `logMessage` strings)')
        listArgument(args, 'lines', request.command, isLine, 'whole numbers')
        return gateway.setBreakpoints(this, args)
      }
      case 'setExceptionBreakpoints': {
        const args = argumentsOf<DebugProtocol.SetExceptionBreakpointsArguments>(request)
        const given = listArgument<string>(args, 'filters', request.command, item => typeof item === 'string', 'filter names (strings)') ?? []
        const options = listArgument<DebugProtocol.ExceptionFilterOptions>(args, 'filterOptions', request.command, item => isObject(item) && typeof item.filterId === 'string', 'objects with a `filterId` string') ?? []
        const filters = [...given, ...options.map(option => option.filterId)]
        const known = new Set(capabilities.exceptionBreakpointFilters!.map(filter => filter.filter))
        this.filters = new Set(filters.filter(filter => known.has(filter)))
        await gateway.exceptionFiltersChanged()
        return { breakpoints: filters.map(filter => known.has(filter) ? { verified: true } : { verified: false, message: `unknown exception filter "${filter}"` }) }
      }
      case 'configurationDone':
        this.configured = true
        gateway.sessionConfigured(this)
        return undefined
      case 'threads':
        return { threads: gateway.threads() } satisfies DebugProtocol.ThreadsResponse['body']
      case 'stackTrace': {
        const args = argumentsOf<DebugProtocol.StackTraceArguments>(request)
        return gateway.views.stackTrace(gateway.target(numberArgument(args, 'threadId', request.command)), args.startFrame, args.levels)
      }
      case 'scopes':
        return gateway.views.scopes(numberArgument(argumentsOf(request), 'frameId', request.command))
      case 'variables': {
        const args = argumentsOf<DebugProtocol.VariablesArguments>(request)
        numberArgument(args, 'variablesReference', request.command)
        return { variables: await gateway.views.variablesOf(args) } satisfies DebugProtocol.VariablesResponse['body']
      }
      case 'setVariable':
        return gateway.views.setVariable(argumentsOf(request))
      case 'evaluate': {
        const args = argumentsOf<DebugProtocol.EvaluateArguments>(request)
        if (typeof args.expression !== 'string') {
          throw new DapError('"evaluate" needs an `expression` string')
        }
        return gateway.views.evaluate(args.frameId !== undefined ? gateway.views.frameOf(args.frameId).target : gateway.defaultTarget(), args)
      }
      case 'continue':
        await gateway.target(numberArgument(argumentsOf(request), 'threadId', request.command)).resume()
        return { allThreadsContinued: false } satisfies DebugProtocol.ContinueResponse['body']
      case 'next':
      case 'stepIn':
      case 'stepOut':
        await gateway.target(numberArgument(argumentsOf(request), 'threadId', request.command)).step(request.command)
        return undefined
      case 'pause':
        await gateway.target(numberArgument(argumentsOf(request), 'threadId', request.command)).pause()
        return undefined
      case 'source': {
        const args = argumentsOf<DebugProtocol.SourceArguments>(request)
        return gateway.views.source(args.source?.sourceReference ?? args.sourceReference)
      }
      case 'exceptionInfo':
        return gateway.exceptionInfo(numberArgument(argumentsOf(request), 'threadId', request.command))
      case 'loadedSources':
        return { sources: gateway.loadedSources() } satisfies DebugProtocol.LoadedSourcesResponse['body']
      case 'disconnect':
        await gateway.detachSession(this)
        setImmediate(() => this.connection.end())
        return undefined
      case SESSION_REQUEST: {
        const threadId = numberArgument(argumentsOf<ThreadArguments>(request), 'threadId', request.command)
        const view = await this.inspect(threadId, 'session')
        return { threadId, ...view as object } as SessionResponseBody
      }
      case LEDGER_REQUEST: {
        const threadId = numberArgument(argumentsOf<ThreadArguments>(request), 'threadId', request.command)
        const view = await this.inspect(threadId, 'ledger')
        return { threadId, ...view as object } as LedgerResponseBody
      }
      default:
        throw new DapError(`"${request.command}" is not supported by vitest-async-debug's DAP gateway`)
    }
  }

  private async inspect(threadId: number, what: 'session' | 'ledger'): Promise<unknown> {
    const target = this.gateway.target(threadId)
    const text = await target.evaluateValue(`process[Symbol.for(${JSON.stringify(INSPECTION_KEY)})]?.${what}()`, INSPECTION_TIMEOUT_MS)
    if (typeof text !== 'string') {
      throw new DapError(`thread ${threadId} has no test state to show: its worker runs without the plugin's inspection (no DAP gateway when it started)`)
    }
    return JSON.parse(text) as unknown
  }
}
