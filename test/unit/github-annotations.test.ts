import type { ModuleInput, TestInput } from '../../src/report/inputs.js'
import type { ReportInput } from '../../src/report/model.js'
import type { AsyncDebugReport, DiagnosisEntry } from '../../src/shared/report.js'
import type { UnhandledErrorRecord } from '../../src/shared/session.js'
import { describe, expect, test } from 'vitest'
import { buildReport } from '../../src/report/model.js'
import { githubAnnotations } from '../../src/report/github/annotations.js'
import { culpritSite } from '../../src/report/github/culprit-site.js'
import { markdownText } from '../../src/report/github/markdown.js'
import { repositoryPaths } from '../../src/report/github/repository-path.js'
import { stepSummary } from '../../src/report/github/step-summary.js'
import { escapeData, escapeProperty, workflowCommand } from '../../src/report/github/workflow-command.js'

/** GitHub's workflow command line: no unescaped `,` or `:` in a property value, one line. */
const commandLine = /^::(error|warning|notice)( [a-zA-Z]+=[^,:]*(,[a-zA-Z]+=[^,:]*)*)?::.*$/

describe('workflow commands', () => {
  test('the message escapes %, CR and LF; a property value also : and ,', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b')
    expect(escapeProperty('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext%3A a%2C b')
    expect(escapeData('already %0A escaped')).toBe('already %250A escaped')
  })

  test('one line with the properties in order, the ones not given left out', () => {
    expect(workflowCommand('warning', { title: 'Left, running: x', col: 5, line: 3, file: 'src/a b.ts' }, 'two\nlines')).toBe('::warning file=src/a b.ts,line=3,col=5,title=Left%2C running%3A x::two%0Alines')
    expect(workflowCommand('error', { file: 'tests/a.test.ts' }, 'no line')).toBe('::error file=tests/a.test.ts::no line')
    expect(workflowCommand('notice', {}, 'bare')).toBe('::notice::bare')
  })

  test('a test name cannot start a command of its own', () => {
    const line = workflowCommand('warning', { file: 'a.ts', line: 1, title: 'caused by "x\n::add-mask::y"' }, 'in "t\r\n::set-output name=a::b"')
    expect(line.split('\n')).toHaveLength(1)
    expect(line).toMatch(commandLine)
    expect(line).toBe('::warning file=a.ts,line=1,title=caused by "x%0A%3A%3Aadd-mask%3A%3Ay"::in "t%0D%0A::set-output name=a::b"')
  })
})

describe('the culprit site of an unhandled error', () => {
  test('is the innermost frame in a project file', () => {
    expect(culpritSite({ stack: 'Error: x\n    at node:internal/timers:1:1\n    at chargeCard (helpers/pay.ts:3:9)\n    at tests/a.test.ts:5:1' })).toEqual({ file: 'helpers/pay.ts', line: 3, column: 9, function: 'chargeCard' })
    expect(culpritSite({ stack: 'Error: x\n    at async Promise.all (index 0)\n    at tests/a.test.ts:5:1' })).toEqual({ file: 'tests/a.test.ts', line: 5, column: 1, function: null })
  })

  test('is null when only Node, node_modules or files outside the root are in the stack', () => {
    expect(culpritSite({ stack: 'Error: x\n    at f (node_modules/lib/index.js:1:1)\n    at /elsewhere/b.ts:2:2\n    at file:///elsewhere/c.ts:3:3' })).toBeNull()
    expect(culpritSite({ stack: null })).toBeNull()
  })
})

const root = '/work/repo/packages/app'
const ref = (name: string) => ({ sessionId: `${name}#1`, testId: name, name, fullName: `checkout > ${name}`, file: 'tests/checkout.test.ts', attempt: 1 })
const lateStack = 'Error: card declined\n    at chargeCard (/work/repo/packages/app/helpers/pay.ts:3:9)\n    at file:///work/repo/packages/app/tests/checkout.test.ts:6:5'

function lateRejection(): UnhandledErrorRecord {
  return {
    type: 'Unhandled Rejection',
    error: { name: 'Error', message: 'card declined', stack: lateStack },
    owner: { ...ref('starts a payment'), ended: true, msAfterEnd: 61 },
    suiteFile: null,
    operation: null,
    surfacedDuring: [ref('waits for the receipt')],
    surfacedWhileCollecting: false,
  }
}

function testInput(name: string, state: TestInput['state'] = 'passed'): TestInput {
  return { id: name, name, fullName: `checkout > ${name}`, state, durationMs: 3, flaky: false, errors: [], meta: { sessions: [] } }
}

/** A run of four tests: one caused an unhandled rejection Vitest blamed on the next; the ledger's findings are given, and counted in the summary. */
function runReport(diagnoses: Record<string, DiagnosisEntry[]>): AsyncDebugReport {
  const module: ModuleInput = {
    file: 'tests/checkout.test.ts',
    project: '',
    state: 'failed',
    durationMs: 9,
    errors: [],
    meta: { worker: { pid: 10, threadId: null, poolId: 1, pool: 'forks' }, unhandledErrors: [lateRejection()], lateActivity: [], teardown: [] },
    tests: [testInput('starts a payment'), testInput('waits for the receipt'), testInput('times out', 'failed'), testInput('polls | <b>bold</b>')],
  }
  const input: ReportInput = {
    root,
    generator: { name: 'vitest-async-debug', version: '0.0.0' },
    run: { startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:01.000Z', durationMs: 1000, interrupted: false, complete: true, endedEarly: null, exitCode: null, merged: false, shard: null },
    environment: {} as ReportInput['environment'],
    modules: [module],
    unhandledErrors: [{ type: 'Unhandled Rejection', name: 'Error', message: 'card declined', stack: lateStack, VITEST_TEST_NAME: 'waits for the receipt', VITEST_TEST_PATH: `${root}/tests/checkout.test.ts` }],
    failOnLateActivity: false,
  }
  const report = buildReport(input)
  for (const test of report.tests) {
    test.diagnosis.push(...diagnoses[test.name] ?? [])
  }
  const testsWith = (kind: DiagnosisEntry['kind']) => report.tests.filter(test => test.diagnosis.some(entry => entry.kind === kind)).length
  Object.assign(report.summary, { testsWithDiagnosis: report.tests.filter(test => test.diagnosis.length > 0).length, timedOut: testsWith('timed-out'), testsThatLeftWorkRunning: testsWith('left-running') })
  return report
}

const site = (file: string, line: number, column = 3) => ({ file, line, column, function: null })
const timerHint = 'A timer was started in this test and had not fired when the test ended.'

const report = runReport({
  'starts a payment': [
    { kind: 'left-running', attempt: 1, site: site('helpers/pay.ts', 2), hint: timerHint, message: 'Left running after it ended: a timer (helpers/pay.ts:2) that had not fired.' },
  ],
  'waits for the receipt': [
    { kind: 'received-late-activity', lateActivity: 0, attempt: 1, site: site('helpers/pay.ts', 2), message: 'Work of "checkout > starts a payment" (tests/checkout.test.ts) ran during this test, after that test ended: see that test.' },
  ],
  'times out': [
    { kind: 'timed-out', attempt: 1, site: site('tests/checkout.test.ts', 14, 11), message: 'Timed out while awaiting a timer (tests/checkout.test.ts:14) that had not fired.' },
    { kind: 'still-closing', attempt: 1, site: site('tests/checkout.test.ts', 15), message: 'Asked to end, but still closing a moment after it ended (not left running): a socket (tests/checkout.test.ts:15).' },
  ],
  'polls | <b>bold</b>': [
    { kind: 'left-running', attempt: 1, site: site('helpers/pay.ts', 2), hint: timerHint, message: 'Left running after it ended: a timer (helpers/pay.ts:2) that had not fired.' },
    { kind: 'abort-crossed-tests', attempt: 1, site: null, message: 'A signal this test created was aborted by a later test (reason: stop).' },
  ],
})

const repositoryPath = repositoryPaths(root, '/work/repo')

describe('annotations from a report', () => {
  test('errors first, then by file and line; one per site and title, naming each test there; pointers and closing work left out', () => {
    expect(githubAnnotations(report, repositoryPath)).toEqual([
      {
        level: 'error',
        file: 'packages/app/helpers/pay.ts',
        line: 3,
        column: 9,
        title: 'Unhandled Rejection caused by "starts a payment"',
        message: [
          'tests/checkout.test.ts > checkout > starts a payment',
          'Unhandled Rejection Error: card declined',
          'caused by this test; surfaced 61 ms after it ended, during "checkout > waits for the receipt"',
          'Vitest blamed "waits for the receipt"',
        ].join('\n'),
      },
      {
        level: 'error',
        file: 'packages/app/tests/checkout.test.ts',
        line: 14,
        column: 11,
        title: 'Timed out waiting on this',
        message: 'tests/checkout.test.ts > checkout > times out\nTimed out while awaiting a timer (tests/checkout.test.ts:14) that had not fired.',
      },
      {
        level: 'warning',
        file: 'packages/app/helpers/pay.ts',
        line: 2,
        column: 3,
        title: 'Left running after its test ended',
        message: [
          'tests/checkout.test.ts > checkout > starts a payment\nLeft running after it ended: a timer (helpers/pay.ts:2) that had not fired.',
          'tests/checkout.test.ts > checkout > polls | <b>bold</b>\nLeft running after it ended: a timer (helpers/pay.ts:2) that had not fired.',
          timerHint,
        ].join('\n\n'),
      },
      {
        level: 'warning',
        file: 'packages/app/tests/checkout.test.ts',
        line: null,
        column: null,
        title: 'An abort reached into another test',
        message: 'tests/checkout.test.ts > checkout > polls | <b>bold</b>\nA signal this test created was aborted by a later test (reason: stop).',
      },
    ])
  })

  test('every annotation is one valid command line', () => {
    const lines = githubAnnotations(report, repositoryPath).map(annotation => workflowCommand(annotation.level, { file: annotation.file, line: annotation.line ?? undefined, col: annotation.column ?? undefined, title: annotation.title }, annotation.message))
    expect(lines.every(line => commandLine.test(line))).toBe(true)
    expect(lines[0]).toBe('::error file=packages/app/helpers/pay.ts,line=3,col=9,title=Unhandled Rejection caused by "starts a payment"::tests/checkout.test.ts > checkout > starts a payment%0AUnhandled Rejection Error: card declined%0Acaused by this test; surfaced 61 ms after it ended, during "checkout > waits for the receipt"%0AVitest blamed "waits for the receipt"')
  })

  test('files outside the repository keep their absolute path; a clean run has none', () => {
    expect(repositoryPaths(root, '/work/repo')('/opt/lib/x.ts')).toBe('/opt/lib/x.ts')
    expect(repositoryPaths(root, root)('tests/a.test.ts')).toBe('tests/a.test.ts')
    expect(githubAnnotations(runReport({}), repositoryPath)).toHaveLength(1)
  })

  test('many tests at one site are named up to three, the rest counted', () => {
    const leak: DiagnosisEntry = { kind: 'late-activity', attempt: 1, site: site('helpers/pay.ts', 2), message: 'A timer (helpers/pay.ts:2) it created fired 5 ms after it ended, between tests.' }
    const crowded = runReport({ 'starts a payment': [leak], 'waits for the receipt': [leak], 'times out': [leak], 'polls | <b>bold</b>': [leak, leak] })
    const [, late] = githubAnnotations(crowded, repositoryPath)
    expect(late?.message.split('\n\n')).toEqual([
      `tests/checkout.test.ts > checkout > starts a payment\n${leak.message}`,
      `tests/checkout.test.ts > checkout > waits for the receipt\n${leak.message}`,
      `tests/checkout.test.ts > checkout > times out\n${leak.message}`,
      '… and 1 more tests: see the report',
    ])
  })

  test('a blocked event loop is a warning at the function that held the thread', () => {
    const blocked: DiagnosisEntry = { kind: 'blocked-event-loop', attempt: 1, site: { file: 'src/catalog.ts', line: 5, column: 3, function: 'parseCatalog' }, hint: 'A loop ran on the thread without yielding.', message: 'Blocked the event loop for 300 ms in parseCatalog (src/catalog.ts:5).' }
    const annotations = githubAnnotations(runReport({ 'times out': [blocked] }), repositoryPath)
    expect(annotations.find(annotation => annotation.title === 'Blocked the event loop')).toEqual({
      level: 'warning',
      file: 'packages/app/src/catalog.ts',
      line: 5,
      column: 3,
      title: 'Blocked the event loop',
      message: 'tests/checkout.test.ts > checkout > times out\nBlocked the event loop for 300 ms in parseCatalog (src/catalog.ts:5).\n\nA loop ran on the thread without yielding.',
    })
  })
})

describe('the step summary', () => {
  test('counts, the culprit Vitest blamed wrongly with its site, the top diagnoses and the reports', () => {
    const annotations = githubAnnotations(report, repositoryPath)
    const markdown = stepSummary({
      report,
      annotations,
      annotated: 3,
      repositoryPath,
      written: { json: 'packages/app/.vitest-async-debug/report.json', html: 'packages/app/.vitest-async-debug/report.html' },
      blobUrl: 'https://github.com/acme/shop/blob/abc123',
    })
    expect(markdown).toMatchInlineSnapshot(`
      "## vitest-async-debug

      The run failed: 4 tests in 1 file.

      | Tests | Passed | Failed | Skipped | Flaky | With findings | Unhandled errors | Caused by a test | Vitest blamed the wrong test |
      | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
      | 4 | 3 | 1 | 0 | 0 | 4 | 1 | 1 | 1 |

      1 test timed out · 2 tests left work running · 1 test still closing work as it ended

      ### Unhandled errors Vitest blamed on the wrong test

      | Error | Vitest named | Caused by | Where |
      | --- | --- | --- | --- |
      | Unhandled Rejection Error: card declined | "waits for the receipt" in [\`packages/app/tests/checkout.test.ts\`](https://github.com/acme/shop/blob/abc123/packages/app/tests/checkout.test.ts) | "checkout &gt; starts a payment" in [\`packages/app/tests/checkout.test.ts\`](https://github.com/acme/shop/blob/abc123/packages/app/tests/checkout.test.ts) | [\`packages/app/helpers/pay.ts:3\`](https://github.com/acme/shop/blob/abc123/packages/app/helpers/pay.ts#L3) |

      ### Top diagnoses

      | | Where | Finding |
      | --- | --- | --- |
      | error | [\`packages/app/helpers/pay.ts:3\`](https://github.com/acme/shop/blob/abc123/packages/app/helpers/pay.ts#L3) | **Unhandled Rejection caused by "starts a payment"**<br>tests/checkout.test.ts &gt; checkout &gt; starts a payment<br>Unhandled Rejection Error: card declined<br>caused by this test; surfaced 61 ms after it ended, during "checkout &gt; waits for the receipt"<br>Vitest blamed "waits for the receipt" |
      | error | [\`packages/app/tests/checkout.test.ts:14\`](https://github.com/acme/shop/blob/abc123/packages/app/tests/checkout.test.ts#L14) | **Timed out waiting on this**<br>tests/checkout.test.ts &gt; checkout &gt; times out<br>Timed out while awaiting a timer (tests/checkout.test.ts:14) that had not fired. |
      | warning | [\`packages/app/helpers/pay.ts:2\`](https://github.com/acme/shop/blob/abc123/packages/app/helpers/pay.ts#L2) | **Left running after its test ended**<br>tests/checkout.test.ts &gt; checkout &gt; starts a payment<br>Left running after it ended: a timer (helpers/pay.ts:2) that had not fired.<br><br>tests/checkout.test.ts &gt; checkout &gt; polls \\| &lt;b&gt;bold&lt;/b&gt;<br>Left running after it ended: a timer (helpers/pay.ts:2) that had not fired.<br><br>A timer was started in this test and had not fired when the test ended. |
      | warning | [\`packages/app/tests/checkout.test.ts\`](https://github.com/acme/shop/blob/abc123/packages/app/tests/checkout.test.ts) | **An abort reached into another test**<br>tests/checkout.test.ts &gt; checkout &gt; polls \\| &lt;b&gt;bold&lt;/b&gt;<br>A signal this test created was aborted by a later test (reason: stop). |

      ### Reports

      - JSON report: \`packages/app/.vitest-async-debug/report.json\`
      - HTML report: \`packages/app/.vitest-async-debug/report.html\` (one self-contained page)
      - 1 diagnosis not annotated (\`ci.maxAnnotations\` is 3): every one is in the report.
      "
    `)
  })

  test('a test name cannot add markup: Markdown characters are escaped, HTML is text', () => {
    expect(markdownText('a | b *c* _d_ `e` [f](g) <img src=x> & #1\nnext')).toBe('a \\| b \\*c\\* \\_d\\_ \\`e\\` \\[f\\](g) &lt;img src=x&gt; &amp; \\#1<br>next')
  })
})
