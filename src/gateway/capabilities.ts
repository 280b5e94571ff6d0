import type { DebugProtocol } from '@vscode/debugprotocol'

/** The exception filter that stops where a test fails on its last attempt, as `--debug-on-fail` does. */
export const FAILED_TEST_FILTER = 'failed-test'

/** What the gateway does, and nothing it does not. */
export const capabilities: DebugProtocol.Capabilities = {
  supportsConfigurationDoneRequest: true,
  supportsConditionalBreakpoints: true,
  supportsHitConditionalBreakpoints: true,
  supportsLogPoints: true,
  supportsEvaluateForHovers: true,
  supportsSetVariable: true,
  supportsExceptionInfoRequest: true,
  supportsLoadedSourcesRequest: true,
  supportsDelayedStackTraceLoading: true,
  supportTerminateDebuggee: false,
  supportsTerminateRequest: false,
  supportsRestartRequest: false,
  exceptionBreakpointFilters: [
    { filter: FAILED_TEST_FILTER, label: 'Failed tests', description: 'Stop on the line where a test fails on its last attempt, with its locals (as --debug-on-fail does)', default: true },
    { filter: 'uncaught', label: 'Uncaught exceptions', default: false },
    { filter: 'all', label: 'All exceptions', description: 'Also exceptions that are caught, including Vitest\'s own', default: false },
  ],
}
