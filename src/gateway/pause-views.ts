import type { DebugProtocol } from '@vscode/debugprotocol'
import type { Protocol } from 'devtools-protocol'
import type { WorkerTarget } from './worker-target.js'
import { basename } from 'node:path'
import { DapError } from '../protocol/dap/dap-error.js'
import { Handles } from './handles.js'
import { childExpression, toVariable, typeText, valueText, indexedCount, isExpandable } from './translate/remote-values.js'

interface FrameHandle {
  threadId: number
  target: WorkerTarget
  /** Absent for the frames of an async stack, which cannot be evaluated in. */
  callFrame?: Protocol.Debugger.CallFrame
}

type VariableHandle =
  | { threadId: number, target: WorkerTarget, kind: 'scope', objectId: string, callFrameId: string, scopeNumber: number, thisObject?: Protocol.Runtime.RemoteObject }
  | { threadId: number, target: WorkerTarget, kind: 'object', objectId: string, evaluateName?: string }
  | { threadId: number, target: WorkerTarget, kind: 'getter', objectId: string, name: string, evaluateName?: string }

interface SourceHandle {
  threadId: number
  target: WorkerTarget
  scriptId: string
}

const scopeNames: Record<Protocol.Debugger.Scope['type'], string> = {
  local: 'Local',
  closure: 'Closure',
  block: 'Block',
  global: 'Global',
  script: 'Script',
  module: 'Module',
  catch: 'Catch Block',
  with: 'With Block',
  eval: 'Eval',
  'wasm-expression-stack': 'Wasm Stack',
}

function isLibrary(path: string): boolean {
  return path.includes('/node_modules/') || path.startsWith('node:')
}

function callArgument(remote: Protocol.Runtime.RemoteObject): Protocol.Runtime.CallArgument {
  if (remote.objectId) {
    return { objectId: remote.objectId }
  }
  return remote.unserializableValue !== undefined ? { unserializableValue: remote.unserializableValue } : { value: remote.value }
}

/**
 * What DAP clients see of stopped threads: stack frames in the original sources, scopes, variables,
 * evaluation. Handles are shared by every client and dropped when their thread resumes.
 */
export class PauseViews {
  private readonly frames = new Handles<FrameHandle>()
  private readonly variables = new Handles<VariableHandle>()
  private readonly sources = new Handles<SourceHandle>()
  private readonly stacks = new Map<number, DebugProtocol.StackFrame[]>()
  private readonly sourceRefs = new Map<string, number>()

  resumed(threadId: number): void {
    this.frames.releaseThread(threadId)
    this.variables.releaseThread(threadId)
    this.stacks.delete(threadId)
  }

  exited(threadId: number): void {
    this.resumed(threadId)
    this.sources.releaseThread(threadId)
    for (const key of this.sourceRefs.keys()) {
      if (key.startsWith(`${threadId}:`)) {
        this.sourceRefs.delete(key)
      }
    }
  }

  stackTrace(target: WorkerTarget, startFrame = 0, levels = 0): DebugProtocol.StackTraceResponse['body'] {
    const paused = target.paused
    if (!paused) {
      throw new DapError(`thread ${target.threadId} is not stopped`)
    }
    let all = this.stacks.get(target.threadId)
    if (!all) {
      all = paused.event.callFrames.map(callFrame => this.frame(target, callFrame, callFrame.functionName, callFrame.location))
      for (let link = paused.event.asyncStackTrace; link; link = link.parent) {
        all.push({ id: this.frames.add({ threadId: target.threadId, target }), name: link.description || 'async', line: 0, column: 0, presentationHint: 'label' })
        for (const callFrame of link.callFrames) {
          all.push(this.frame(target, undefined, callFrame.functionName, { scriptId: callFrame.scriptId, lineNumber: callFrame.lineNumber, columnNumber: callFrame.columnNumber }))
        }
      }
      this.stacks.set(target.threadId, all)
    }
    const end = levels > 0 ? startFrame + levels : all.length
    return { stackFrames: all.slice(startFrame, end), totalFrames: all.length }
  }

  private frame(target: WorkerTarget, callFrame: Protocol.Debugger.CallFrame | undefined, name: string, location: Protocol.Debugger.Location): DebugProtocol.StackFrame {
    const id = this.frames.add({ threadId: target.threadId, target, ...callFrame ? { callFrame } : {} })
    const script = target.script(location.scriptId)
    const original = script?.original({ lineNumber: location.lineNumber, columnNumber: location.columnNumber ?? 0 })
    const frameName = name || '<anonymous>'
    if (original) {
      return { id, name: frameName, source: { name: basename(original.path), path: original.path }, line: original.line, column: original.column, ...isLibrary(original.path) ? { presentationHint: 'subtle' } : {} }
    }
    const url = script?.script.url ?? ''
    return {
      id,
      name: frameName,
      source: { name: url ? url.split('/').at(-1)! : `script ${location.scriptId}`, sourceReference: this.sourceReference(target, location.scriptId), ...url ? { origin: url } : {} },
      line: location.lineNumber + 1,
      column: (location.columnNumber ?? 0) + 1,
      presentationHint: 'subtle',
    }
  }

  private sourceReference(target: WorkerTarget, scriptId: string): number {
    const key = `${target.threadId}:${scriptId}`
    let reference = this.sourceRefs.get(key)
    if (reference === undefined) {
      reference = this.sources.add({ threadId: target.threadId, target, scriptId })
      this.sourceRefs.set(key, reference)
    }
    return reference
  }

  frameOf(frameId: number): FrameHandle {
    const frame = this.frames.get(frameId)
    if (!frame) {
      throw new DapError(`frame ${frameId} is gone: its thread has resumed or exited`)
    }
    return frame
  }

  scopes(frameId: number): DebugProtocol.ScopesResponse['body'] {
    const { target, callFrame } = this.frameOf(frameId)
    if (!callFrame) {
      return { scopes: [] }
    }
    const scopes = callFrame.scopeChain.flatMap((scope, scopeNumber): DebugProtocol.Scope[] => {
      if (!scope.object.objectId) {
        return []
      }
      const name = scope.type === 'closure' && scope.name ? `Closure (${scope.name})` : scopeNames[scope.type]
      const reference = this.variables.add({ threadId: target.threadId, target, kind: 'scope', objectId: scope.object.objectId, callFrameId: callFrame.callFrameId, scopeNumber, ...scopeNumber === 0 && callFrame.this.type === 'object' && callFrame.this.subtype !== 'null' ? { thisObject: callFrame.this } : {} })
      const start = scope.startLocation && target.script(scope.startLocation.scriptId)?.original({ lineNumber: scope.startLocation.lineNumber, columnNumber: scope.startLocation.columnNumber ?? 0 })
      return [{
        name,
        variablesReference: reference,
        expensive: scope.type === 'global' || scope.type === 'script' || scope.type === 'module',
        ...scope.type === 'local' ? { presentationHint: 'locals' } : {},
        ...start ? { source: { name: basename(start.path), path: start.path }, line: start.line } : {},
      }]
    })
    return { scopes }
  }

  async variablesOf(args: DebugProtocol.VariablesArguments): Promise<DebugProtocol.Variable[]> {
    const handle = this.variables.get(args.variablesReference)
    if (!handle) {
      throw new DapError(`variables reference ${args.variablesReference} is gone: its thread has resumed or exited`)
    }
    const { target } = handle
    const reference = (parent: string | undefined) => (name: string) => (objectId: string): number => this.variables.add({ threadId: target.threadId, target, kind: 'object', objectId, ...childExpression(parent, name) ? { evaluateName: childExpression(parent, name)! } : {} })
    if (handle.kind === 'getter') {
      const { result, exceptionDetails } = await target.send('Runtime.callFunctionOn', { objectId: handle.objectId, functionDeclaration: 'function (name) { return this[name] }', arguments: [{ value: handle.name }], silent: true })
      const value = exceptionDetails ? { type: 'string', value: `<the getter threw: ${exceptionDetails.exception?.description?.split('\n', 1)[0] ?? exceptionDetails.text}>` } as Protocol.Runtime.RemoteObject : result
      return [toVariable(handle.name, value, reference(handle.evaluateName)(handle.name), handle.evaluateName)]
    }
    const parentExpression = handle.kind === 'object' ? handle.evaluateName : undefined
    const { result, internalProperties = [], privateProperties = [] } = await target.send('Runtime.getProperties', { objectId: handle.objectId, ownProperties: true, generatePreview: true })
    const variables: DebugProtocol.Variable[] = []
    if (handle.kind === 'scope' && handle.thisObject) {
      variables.push(toVariable('this', handle.thisObject, reference(undefined)('this'), 'this'))
    }
    let named = result.filter(property => property.name !== '__proto__')
    if (args.filter === 'indexed' || args.filter === 'named') {
      named = named.filter(property => /^\d+$/.test(property.name) === (args.filter === 'indexed'))
      if (args.filter === 'indexed') {
        named = named.slice(args.start ?? 0, args.count ? (args.start ?? 0) + args.count : undefined)
      }
    }
    for (const property of named) {
      const evaluateName = handle.kind === 'scope' ? property.name : childExpression(parentExpression, property.name)
      if (property.value) {
        variables.push(toVariable(property.name, property.value, reference(parentExpression)(property.name), handle.kind === 'scope' ? property.name : evaluateName))
      }
      else if (property.get && property.get.type !== 'undefined') {
        variables.push({ name: property.name, value: '(...)', variablesReference: this.variables.add({ threadId: target.threadId, target, kind: 'getter', objectId: handle.objectId, name: property.name, ...evaluateName ? { evaluateName } : {} }), presentationHint: { lazy: true, kind: 'property' } })
      }
    }
    if (args.filter !== 'indexed') {
      for (const property of [...internalProperties, ...privateProperties]) {
        if (property.value) {
          variables.push({ ...toVariable(property.name, property.value, reference(undefined)(property.name)), presentationHint: { visibility: property.name.startsWith('#') ? 'private' : 'internal' } })
        }
      }
    }
    return variables
  }

  async setVariable(args: DebugProtocol.SetVariableArguments): Promise<DebugProtocol.SetVariableResponse['body']> {
    const handle = this.variables.get(args.variablesReference)
    if (!handle || handle.kind === 'getter') {
      throw new DapError(`variables reference ${args.variablesReference} is gone or cannot be set`)
    }
    const { target } = handle
    const callFrameId = handle.kind === 'scope' ? handle.callFrameId : target.paused?.event.callFrames[0]?.callFrameId
    const evaluated = callFrameId
      ? await target.send('Debugger.evaluateOnCallFrame', { callFrameId, expression: args.value, silent: true })
      : await target.send('Runtime.evaluate', { expression: args.value, silent: true })
    if (evaluated.exceptionDetails) {
      throw new DapError(`cannot set ${args.name}: ${evaluated.exceptionDetails.exception?.description?.split('\n', 1)[0] ?? evaluated.exceptionDetails.text}`)
    }
    let value = evaluated.result
    if (handle.kind === 'scope') {
      await target.send('Debugger.setVariableValue', { scopeNumber: handle.scopeNumber, variableName: args.name, newValue: callArgument(value), callFrameId: handle.callFrameId })
    }
    else {
      const assigned = await target.send('Runtime.callFunctionOn', { objectId: handle.objectId, functionDeclaration: 'function (name, value) { this[name] = value; return this[name] }', arguments: [{ value: args.name }, callArgument(value)], silent: true })
      if (assigned.exceptionDetails) {
        throw new DapError(`cannot set ${args.name}: ${assigned.exceptionDetails.exception?.description?.split('\n', 1)[0] ?? assigned.exceptionDetails.text}`)
      }
      value = assigned.result
    }
    return {
      value: valueText(value),
      type: typeText(value),
      variablesReference: isExpandable(value) ? this.variables.add({ threadId: target.threadId, target, kind: 'object', objectId: value.objectId! }) : 0,
    }
  }

  async evaluate(target: WorkerTarget, args: DebugProtocol.EvaluateArguments): Promise<DebugProtocol.EvaluateResponse['body']> {
    const frame = args.frameId !== undefined ? this.frameOf(args.frameId) : null
    if (frame && !frame.callFrame) {
      throw new DapError('this frame is part of an async stack: evaluate in a frame above the separator')
    }
    const context = args.context ?? 'repl'
    const common = { expression: args.expression, silent: context !== 'repl', generatePreview: true, ...context === 'hover' ? { throwOnSideEffect: true } : {} }
    const { result, exceptionDetails } = frame?.callFrame
      ? await frame.target.send('Debugger.evaluateOnCallFrame', { callFrameId: frame.callFrame.callFrameId, ...common })
      // REPL mode (top-level await, redeclaring let) waits forever on a thread that is stopped.
      : await target.send('Runtime.evaluate', { ...common, ...context === 'repl' && !target.paused ? { replMode: true } : {} })
    if (exceptionDetails) {
      throw new DapError(exceptionDetails.exception?.description?.split('\n', 1)[0] ?? exceptionDetails.text)
    }
    const owner = frame?.target ?? target
    const indexed = indexedCount(result)
    return {
      result: valueText(result),
      type: typeText(result),
      variablesReference: isExpandable(result) ? this.variables.add({ threadId: owner.threadId, target: owner, kind: 'object', objectId: result.objectId!, evaluateName: args.expression }) : 0,
      ...indexed !== undefined ? { indexedVariables: indexed } : {},
    }
  }

  async source(sourceReference: number): Promise<DebugProtocol.SourceResponse['body']> {
    const handle = this.sources.get(sourceReference)
    if (!handle) {
      throw new DapError(`source ${sourceReference} is gone: its worker has exited`)
    }
    const { scriptSource } = await handle.target.send('Debugger.getScriptSource', { scriptId: handle.scriptId })
    return { content: scriptSource, mimeType: 'text/javascript' }
  }
}
