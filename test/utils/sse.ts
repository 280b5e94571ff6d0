import type { PageData, PagePatch } from '../../src/shared/page-data.js'
import { request } from 'node:http'

/** The dashboard's state as a page sees it: the last snapshot with every patch since applied. */
export interface LiveView {
  data: PageData | null
  events: { name: string, at: number }[]
  close: () => void
}

function apply(data: PageData, patch: PagePatch): PageData {
  const tests = new Map(data.report.tests.map(test => [test.id, test]))
  patch.tests.forEach(test => tests.set(test.id, test))
  const workers = new Map(data.workers.map(worker => [worker.key, worker]))
  for (const worker of patch.workers) {
    workers.set(worker.key, { ...worker, samples: [...workers.get(worker.key)?.samples ?? [], ...worker.samples] })
  }
  return { ...data, progress: patch.progress, report: { ...patch.report, tests: [...tests.values()] }, workers: [...workers.values()], running: patch.running }
}

/** Follows the dashboard's Server-Sent Events with a plain HTTP client. */
export function followDashboard(url: string): Promise<LiveView> {
  const events = new URL('events', url)
  events.search = new URL(url).search
  return new Promise((resolve, reject) => {
    const view: LiveView = { data: null, events: [], close: () => {} }
    const req = request(events, (response) => {
      if (response.statusCode !== 200) {
        reject(new Error(`GET /events answered ${response.statusCode}`))
        return
      }
      let buffer = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => {
        buffer += chunk
        let end: number
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const frame = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const name = /^event: (.*)$/m.exec(frame)?.[1]
          const data = /^data: (.*)$/m.exec(frame)?.[1]
          if (!name || data === undefined) {
            continue
          }
          view.events.push({ name, at: Date.now() })
          view.data = name === 'snapshot' ? JSON.parse(data) as PageData : view.data && apply(view.data, JSON.parse(data) as PagePatch)
        }
      })
      view.close = () => req.destroy()
      resolve(view)
    })
    req.on('error', reject)
    req.end()
  })
}

/** A GET with the given Host header, for the checks a browser's request cannot skip. */
export function getStatus(url: string, host?: string): Promise<{ status: number, body: string, headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: host ? { host } : {} }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => {
        body += chunk
      })
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }))
    })
    req.on('error', reject)
    req.end()
  })
}
