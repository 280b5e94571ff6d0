export const PLUGIN_NAME = 'vitest-async-debug'

/** Key under which session data rides on Vitest's `task.meta`. */
export const META_KEY = 'asyncDebug'

/** Key of the value the plugin `provide`s to workers. */
export const WORKER_OPTIONS_KEY = 'vitest-async-debug:worker-options'

/** `Symbol.for` name of the per-worker state (on `process`) shared by every copy of the worker modules. */
export const WORKER_STATE_KEY = 'vitest-async-debug:worker-state'

export const DEFAULT_REPORT_FILE = '.vitest-async-debug/report.json'

/** The HTML report's name, next to the JSON report. */
export const HTML_REPORT_NAME = 'report.html'

export const DEFAULT_EDITOR_LINK = 'vscode://file/{file}:{line}:{column}'

/** Serves the live dashboard (`--dashboard` or `--dashboard=<port>`). */
export const DASHBOARD_FLAG = '--dashboard'

/** The dashboard's port when it is free (any free port otherwise). */
export const DEFAULT_DASHBOARD_PORT = 51730

/** Set for the Vitest process that re-runs a timed-out test with full stack capture: `{ reportFile }`. */
export const RERUN_ENV = 'VITEST_ASYNC_DEBUG_RERUN'

/** Set by `vitest-async-debug doctor` while it loads a config to look at it: the plugin checks its options and starts nothing. */
export const DOCTOR_ENV = 'VITEST_ASYNC_DEBUG_DOCTOR'

/** Header that carries the hub's per-run token. */
export const HUB_TOKEN_HEADER = 'x-vitest-async-debug-token'

/** Key of the hub address the plugin `provide`s to workers when debug servers are on. */
export const HUB_ADDRESS_KEY = 'vitest-async-debug:hub'

/** Folder, under the project root, for files other tools read while a run goes on (`servers.json`). */
export const STATE_FOLDER = '.vitest-async-debug'

/** `Symbol.for` name of the property of `process` the main process sets (over CDP) before it releases a worker waiting for a debugger. */
export const RELEASE_GLOBAL_KEY = 'vitest-async-debug:release'

/** Pauses a test that fails on its last attempt for a debugger; read from the command line. */
export const DEBUG_ON_FAIL_FLAG = '--debug-on-fail'

/** Records the variables in scope where a test failed on its last attempt; read from the command line. */
export const SHOW_LOCALS_FLAG = '--show-locals'

/** `Symbol.for` name of the worker's inspection hook on `process`, which the DAP gateway evaluates. */
export const INSPECTION_KEY = 'vitest-async-debug:inspection'

/** `Symbol.for` name of the inspector-only console (on `process`) that logpoints write to, so Vitest's output does not change. */
export const INSPECTOR_CONSOLE_KEY = 'vitest-async-debug:inspector-console'

/** The port VS Code's documentation uses for `debugServer`; the DAP gateway takes it when it is free. */
export const DEFAULT_DAP_PORT = 4711

/** Turns the DAP gateway on from the command line (`--dap` or `--dap=<port>`). */
export const DAP_FLAG = '--dap'

/** With the DAP gateway: workers wait for the first DAP client to set its breakpoints before they run test files. */
export const DAP_WAIT_FLAG = '--dap-wait'

/** `Symbol.for` name of the mark (on `process`) a worker sets just before it stops at a failed test, so a debugger can tell that stop from a breakpoint. */
export const FAILURE_STOP_KEY = 'vitest-async-debug:failure-stop'
