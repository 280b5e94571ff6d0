import type { TestCase, TestModule, TestSpecification } from 'vitest/node'
import type { FileMetaData, TestMetaData } from '../shared/session.js'
import type { ErrorEntry } from '../shared/report.js'
import { errorTextLimits } from '../shared/report.js'
import type { ModuleInput, TestInput } from './inputs.js'
import type { RerunResult } from './timeout-rerun.js'
import { META_KEY } from '../shared/constants.js'
import { projectRelative } from './paths.js'

interface ErrorLike { name?: unknown, message?: unknown, stack?: unknown }

/**
 * A thrown value that is not an Error (`Promise.reject('text')`, `Promise.reject()`) has no name: named
 * as Vitest prints it, with the value as its message (`String(undefined)` for none), as the worker records it.
 */
export function toErrorEntry(error: ErrorLike): ErrorEntry {
  const message = cut(String(error.message), errorTextLimits.message)
  const stack = typeof error.stack === 'string' ? cut(error.stack, errorTextLimits.stack) : null
  return {
    name: typeof error.name === 'string' ? cut(error.name, errorTextLimits.message).text : 'Unknown Error',
    message: message.text,
    stack: stack?.text ?? null,
    ...(message.cut || stack?.cut) && { truncated: true },
  }
}

/** A megabyte-long message stays a megabyte in Vitest's output, not in the report. */
function cut(text: string, limit: number): { text: string, cut: boolean } {
  if (text.length <= limit) {
    return { text, cut: false }
  }
  return { text: `${text.slice(0, limit)}… [${(text.length - limit).toLocaleString('en-US')} more characters not kept]`, cut: true }
}

function ourMeta<T>(meta: object): T | undefined {
  return (meta as Record<string, unknown>)[META_KEY] as T | undefined
}

function collectTest(test: TestCase, reruns: ReadonlyMap<string, RerunResult>): TestInput {
  const result = test.result()
  const diagnostic = test.diagnostic()
  return {
    id: test.id,
    name: test.name,
    fullName: test.fullName,
    state: result.state,
    durationMs: diagnostic ? Math.round(diagnostic.duration) : null,
    flaky: diagnostic?.flaky ?? false,
    errors: (result.errors ?? []).map(toErrorEntry),
    meta: ourMeta<TestMetaData>(test.meta()),
    rerun: reruns.get(test.id),
  }
}

export function collectModule(module: TestModule, root: string, reruns: ReadonlyMap<string, RerunResult> = new Map()): ModuleInput {
  const diagnostic = module.diagnostic()
  return {
    file: projectRelative(module.moduleId, root),
    project: module.project.name,
    state: module.state(),
    durationMs: Number.isFinite(diagnostic.duration) ? Math.round(diagnostic.duration) : null,
    errors: module.errors().map(toErrorEntry),
    meta: ourMeta<FileMetaData>(module.meta()),
    tests: [...module.children.allTests()].map(test => collectTest(test, reruns)),
  }
}

/** Files the run was given but never started: they appear in a report written before the run ended. */
export function queuedModules(specifications: ReadonlyArray<TestSpecification>, started: ReadonlyArray<TestModule>, root: string): ModuleInput[] {
  const startedKeys = new Set(started.map(module => `${module.project.name}\0${module.moduleId}`))
  return specifications
    .filter(spec => !startedKeys.has(`${spec.project.name}\0${spec.moduleId}`))
    .map(spec => ({ file: projectRelative(spec.moduleId, root), project: spec.project.name, state: 'queued', durationMs: null, errors: [], meta: undefined, tests: [] }))
}
