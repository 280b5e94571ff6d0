/** What the main process tells each worker, through `provide`. Must stay structured-clone safe. */
export interface WorkerOptions {
  /** Project root: session file paths are made relative to it. */
  root: string
  /** Pool the project runs in (`forks`, `threads`, …). */
  pool: string
  maxEventsPerSession: number
}
