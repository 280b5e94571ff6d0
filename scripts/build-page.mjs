// Builds the page (the HTML report and the live dashboard are one client) into dist/page/page.html: one
// document with its script and styles inline, a strict Content-Security-Policy that allows exactly those
// (by hash), and the placeholder where the report puts its data. It loads nothing from the network.
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { rolldown } from 'rolldown'

const root = new URL('../', import.meta.url)
const clientDir = new URL('src/dashboard/client/', root)
const outFile = new URL('dist/page/page.html', root)
const placeholder = '<!--page-data-->'
const budgetBytes = 150_000

async function bundleScript() {
  const bundle = await rolldown({
    input: new URL('main.tsx', clientDir).pathname,
    platform: 'browser',
    tsconfig: false,
    transform: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    logLevel: 'warn',
  })
  const { output } = await bundle.generate({ format: 'iife', minify: true, comments: false })
  await bundle.close()
  if (output.length !== 1 || output[0].type !== 'chunk') {
    throw new Error(`expected one script from the client bundle, got ${output.map(item => item.fileName).join(', ')}`)
  }
  // Inside <script>, "</script" ends the element and "<!--" changes how it is parsed: both can only
  // occur in strings or regular expressions of minified code, where "<\/" and "<\!" mean the same.
  return output[0].code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--').trim()
}

function minifyCss(css) {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{}:;,>])\s*/g, '$1')
    .replace(/;}/g, '}')
    .trim()
}

function bundleStyles() {
  const files = [
    new URL('node_modules/uplot/dist/uPlot.min.css', root),
    new URL('styles/base.css', clientDir),
    new URL('styles/parts.css', clientDir),
    new URL('styles/views.css', clientDir),
  ]
  const css = minifyCss(files.map(file => readFileSync(file, 'utf8')).join('\n'))
  if (/<\/style/i.test(css)) {
    throw new Error('the page styles contain "</style"')
  }
  return css
}

function sha256(text) {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`
}

const script = await bundleScript()
const style = bundleStyles()
const policy = [
  `default-src 'none'`,
  `script-src ${sha256(script)}`,
  `style-src ${sha256(style)}`,
  `img-src data:`,
  `connect-src 'self'`,
  `base-uri 'none'`,
  `form-action 'none'`,
].join('; ')

const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>vitest-async-debug</title>
<link rel="icon" href="data:,">
<style>${style}</style>
</head>
<body>
<div id="app"></div>
${placeholder}
<script>${script}</script>
</body>
</html>
`

if (html.split(placeholder).length !== 2) {
  throw new Error(`the page must hold exactly one ${placeholder}`)
}
mkdirSync(new URL('.', outFile), { recursive: true })
writeFileSync(outFile, html)
const bytes = Buffer.byteLength(html)
console.log(`dist/page/page.html: ${bytes.toLocaleString('en-US')} bytes (script ${Buffer.byteLength(script).toLocaleString('en-US')}, styles ${Buffer.byteLength(style).toLocaleString('en-US')}; budget ${budgetBytes.toLocaleString('en-US')})`)
if (bytes > budgetBytes) {
  throw new Error(`the page is ${bytes} bytes, over its budget of ${budgetBytes}`)
}
