import type { Reporter, TestCase, Vitest } from 'vitest/node'

type UserConsoleLog = Parameters<NonNullable<Reporter['onUserConsoleLog']>>[0]
import type { TestFinishedEventBody } from '../shared/dap-extensions.js'
import type { TestMetaData } from '../shared/session.js'
import type { DapGateway } from './dap-gateway.js'
import { relative, sep } from 'node:path'
import { META_KEY } from '../shared/constants.js'
import { describeOperation } from '../shared/describe-operation.js'

function diagnosisOf(meta: TestMetaData | undefined): string[] {
  const session = meta?.sessions.at(-1)
  if (!session) {
    return []
  }
  const lines: string[] = []
  if (session.timeout) {
    lines.push(session.timeout.summary)
  }
  for (const operation of session.ledger?.leftRunning ?? []) {
    lines.push(`left running: ${describeOperation(operation)}`)
  }
  for (const abort of session.aborts ?? []) {
    lines.push(`aborted (${abort.source}): ${abort.reason.name}: ${abort.reason.message}${abort.ignoredBy.length > 0 ? `; ignored by ${abort.ignoredBy.length} pending operation(s)` : ''}`)
  }
  return lines
}

/** Feeds the DAP gateway what only Vitest's main process knows: each test's result, and the tests' console output. */
export class GatewayReporter implements Reporter {
  private root = process.cwd()

  constructor(private readonly gateway: DapGateway) {}

  onInit(vitest: Vitest): void {
    this.root = vitest.config.root
  }

  onTestCaseResult(testCase: TestCase): void {
    const file = relative(this.root, testCase.module.moduleId).split(sep).join('/')
    const result = testCase.result()
    const body: TestFinishedEventBody = {
      threadId: this.gateway.threadOfFile(file),
      test: { id: testCase.id, name: testCase.name, fullName: testCase.fullName, file },
      state: result.state === 'pending' ? 'skipped' : result.state,
      durationMs: testCase.diagnostic()?.duration ?? null,
      errors: (result.errors ?? []).map(error => error.message),
      diagnosis: diagnosisOf((testCase.meta() as Record<string, unknown>)[META_KEY] as TestMetaData | undefined),
    }
    this.gateway.testFinished(body)
  }

  onUserConsoleLog(log: UserConsoleLog): void {
    this.gateway.output(log.content, log.type === 'stderr' ? 'stderr' : 'stdout')
  }
}
