import type { Browser, Page } from 'playwright-core'
import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'

export const chromiumPath = '/usr/bin/chromium'
export const hasChromium = existsSync(chromiumPath)

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox'] })
}

export interface WatchedPage {
  page: Page
  /** Console errors, uncaught exceptions and Content-Security-Policy violations seen so far. */
  problems: string[]
}

/**
 * A page that records everything that went wrong in it: console errors, uncaught exceptions, and CSP
 * violations (reported to a listener installed before the page's own script runs).
 */
export async function watchedPage(browser: Browser, viewport = { width: 1280, height: 900 }): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport })
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.push(`console ${message.type()}: ${message.text()}`)
    }
  })
  page.on('pageerror', error => problems.push(`page error: ${error.message}`))
  await page.exposeFunction('__reportViolation', (text: string) => problems.push(`CSP violation: ${text}`))
  await page.addInitScript(`document.addEventListener('securitypolicyviolation', event => window.__reportViolation(event.violatedDirective + ' ' + event.blockedURI))`)
  return { page, problems }
}
