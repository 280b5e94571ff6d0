export const PLUGIN_NAME = 'vitest-async-debug'

/** Key under which session data rides on Vitest's `task.meta`. */
export const META_KEY = 'asyncDebug'

/** Key of the value the plugin `provide`s to workers. */
export const WORKER_OPTIONS_KEY = 'vitest-async-debug:worker-options'

/** `Symbol.for` name of the per-worker state shared by every copy of the worker modules. */
export const WORKER_STATE_KEY = 'vitest-async-debug:worker-state'

export const DEFAULT_REPORT_FILE = '.vitest-async-debug/report.json'

/** Set for the Vitest process that re-runs a timed-out test with full stack capture: `{ reportFile }`. */
export const RERUN_ENV = 'VITEST_ASYNC_DEBUG_RERUN'
