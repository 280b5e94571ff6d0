/** Wrong use of the command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
}

/** Bad input (a missing file, a file that is not a report, an unwritable path): one line, exit code 1. */
export class InputError extends Error {}
