import type { PageData } from '../../src/shared/page-data.js'
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { expect, test } from 'vitest'
import { pageHtml } from '../../src/report/html/page-html.js'
import { sourceExcerpts } from '../../src/report/html/source-excerpts.js'
import { htmlReportPath } from '../../src/report/html/write-html.js'

const template = '<!doctype html><html><head></head><body><!--page-data--><script>start()</script></body></html>'
const hostile = '</script><script>window.__pwned=1</script><!--page-data--> $& $1'

function pageWith(name: string): PageData {
  return { mode: 'report', progress: 'finished', root: '/p', editorLink: 'vscode://file/{file}', sources: {}, workers: [], running: [], report: { tests: [{ name }] } as unknown as PageData['report'] }
}

test('the data is embedded gzip + base64 in an element that never runs: a test name cannot end it, and $ patterns are not expanded', () => {
  const html = pageHtml(template, pageWith(hostile))
  expect(html).not.toContain('__pwned')
  expect(html.match(/<script/g)).toHaveLength(2)
  const encoded = /<script id="page-data" type="application\/octet-stream">([A-Za-z0-9+/=]+)<\/script>/.exec(html)?.[1]
  const decoded = JSON.parse(gunzipSync(Buffer.from(encoded!, 'base64')).toString('utf8')) as PageData
  expect(decoded.report.tests[0]!.name).toBe(hostile)
})

test('the live page has no data element; a template without the placeholder is refused with the fix', () => {
  expect(pageHtml(template, null)).toBe('<!doctype html><html><head></head><body><script>start()</script></body></html>')
  expect(() => pageHtml('<html></html>', null)).toThrow('the page template has no <!--page-data--> placeholder: rebuild the package (npm run build)')
})

test('report.html goes next to the JSON report, to the path given, or nowhere', () => {
  expect(htmlReportPath({ htmlReport: true, reportFile: '.vitest-async-debug/report.json' }, '/p')).toBe('/p/.vitest-async-debug/report.html')
  expect(htmlReportPath({ htmlReport: true, reportFile: 'out/run.json' }, '/p')).toBe('/p/out/report.html')
  expect(htmlReportPath({ htmlReport: true, reportFile: false }, '/p')).toBe('/p/.vitest-async-debug/report.html')
  expect(htmlReportPath({ htmlReport: 'artifacts/async.html', reportFile: false }, '/p')).toBe('/p/artifacts/async.html')
  expect(htmlReportPath({ htmlReport: false, reportFile: 'r.json' }, '/p')).toBeNull()
  // A reportFile that is a folder (the JSON report then fails with a warning): inside it, never above it.
  const root = mkdtempSync(join(tmpdir(), 'html-path-'))
  expect(htmlReportPath({ htmlReport: true, reportFile: '.' }, root)).toBe(join(root, 'report.html'))
})

test('source excerpts: three lines around each site in project files; none for files outside the root, in node_modules or unreadable', () => {
  const root = mkdtempSync(join(tmpdir(), 'excerpts-'))
  mkdirSync(join(root, 'src'))
  writeFileSync(join(root, 'src/a.ts'), Array.from({ length: 20 }, (_, index) => `line ${index + 1}`).join('\n'))
  const report = {
    tests: [{ diagnosis: [{ site: { file: 'src/a.ts', line: 2, column: 1, function: null } }] }],
    lateActivity: [{ operation: { site: { file: '../outside.ts', line: 1, column: 1, function: null } } }, { operation: { site: { file: 'node_modules/x/i.js', line: 1, column: 1, function: null } } }],
    other: { file: 'src/missing.ts', line: 3, column: 1 },
  }
  expect(sourceExcerpts(report, root)).toEqual({ 'src/a.ts': { 1: 'line 1', 2: 'line 2', 3: 'line 3', 4: 'line 4', 5: 'line 5' } })
  // Lines the page already has are not sent again.
  expect(sourceExcerpts({ site: { file: 'src/a.ts', line: 6, column: 1 } }, root, { 'src/a.ts': { 3: 'line 3', 4: 'line 4', 5: 'line 5' } })).toEqual({ 'src/a.ts': { 6: 'line 6', 7: 'line 7', 8: 'line 8', 9: 'line 9' } })
})
