import { FAILURE_STOP_KEY } from '../../shared/constants.js'

/**
 * Where a debugger lands when the failure cannot be shown live (a timeout, or a re-run that did not
 * fail the same way): the locals below are the failure, what the test's session knows, and the test.
 * Resume (or detach) to let the run go on.
 */
export function stopNextToFailure(failure: unknown, diagnosis: unknown, test: { name: string, file: string }): void {
  Object.defineProperty(process, Symbol.for(FAILURE_STOP_KEY), { value: true, configurable: true, writable: true })
  debugger
  void [failure, diagnosis, test]
}
