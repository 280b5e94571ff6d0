/**
 * Where a debugger lands when the failure cannot be shown live (a timeout, or a re-run that did not
 * fail the same way): the locals below are the failure, what the test's session knows, and the test.
 * Resume (or detach) to let the run go on.
 */
export function stopNextToFailure(failure: unknown, diagnosis: unknown, test: { name: string, file: string }): void {
  debugger
  void [failure, diagnosis, test]
}
