import type { AsyncDebugReport, TestEntry, TestSession } from '../../../../shared/report.js'
import type { PageIndex } from '../../state/page-index'
import { blamedTest } from '../../state/page-index'
import { operationNoun, siteLabel, withArticle } from '../../text/operations'

export interface Bar {
  test: TestEntry
  session: TestSession
  lane: number
  /** Milliseconds from the timeline's start. */
  start: number
  end: number
}

export interface Lane {
  key: string
  label: string
  /** Bars by start time. */
  bars: Bar[]
}

export interface Arrow {
  kind: 'late' | 'error'
  from: Bar
  /** The bar the work landed in; null when it ran between tests. */
  to: Bar | null
  /** Where it starts (the owner's end) and lands, in ms from the timeline's start. */
  fromAt: number
  toAt: number
  /** Lane it lands in. */
  toLane: number
  title: string
}

export interface TimelineLayout {
  lanes: Lane[]
  bars: Bar[]
  arrows: Arrow[]
  /** Epoch ms of the timeline's zero, and its length. */
  origin: number
  span: number
}

/** Arrows drawn at most: past that they hide the bars. */
const maxArrows = 2000

/**
 * A lane per worker slot (Vitest's pool id): isolated forks start a process per file, but a slot runs
 * one file at a time, so its lane reads as that worker's day. Without a pool id, a lane per process or thread.
 */
function laneKey(session: TestSession): string {
  const { worker } = session
  return worker.poolId !== null ? `${worker.pool}#${worker.poolId}` : `${worker.pid}:${worker.threadId ?? '-'}`
}

function laneLabel(session: TestSession): string {
  const { worker } = session
  return worker.poolId !== null
    ? `${worker.pool} worker ${worker.poolId}`
    : `${worker.pool} · pid ${worker.pid}${worker.threadId !== null ? ` · thread ${worker.threadId}` : ''}`
}

/** One lane per worker slot, one bar per attempt, and arrows for work that crossed tests. */
export function layoutTimeline(report: AsyncDebugReport, index: PageIndex): TimelineLayout {
  const laneOf = new Map<string, number>()
  const lanes: Lane[] = []
  const bars: Bar[] = []
  const barOf = new Map<string, Bar>()
  const origin = index.span?.start ?? 0
  let last = 0
  const sessions = report.tests.flatMap(test => test.sessions.map(session => ({ test, session })))
  sessions.sort((a, b) => a.session.startedAt - b.session.startedAt)
  for (const { test, session } of sessions) {
    const key = laneKey(session)
    let lane = laneOf.get(key)
    if (lane === undefined) {
      lane = lanes.length
      laneOf.set(key, lane)
      lanes.push({ key, label: laneLabel(session), bars: [] })
    }
    const bar: Bar = { test, session, lane, start: session.startedAt - origin, end: Math.max(session.endedAt, session.startedAt) - origin }
    lanes[lane]!.bars.push(bar)
    bars.push(bar)
    barOf.set(session.id, bar)
    last = Math.max(last, bar.end)
  }
  const arrows: Arrow[] = []
  for (const record of report.lateActivity) {
    const from = barOf.get(record.owner.sessionId)
    if (!from || arrows.length >= maxArrows) {
      continue
    }
    const to = record.during ? barOf.get(record.during.sessionId) ?? null : null
    const toAt = from.end + record.msAfterEnd
    const times = record.count > 1 ? `${record.count} times, first ` : ''
    const where = record.during ? `during "${record.during.fullName}"` : 'between tests'
    arrows.push({
      kind: 'late',
      from,
      to,
      fromAt: from.end,
      toAt,
      toLane: to?.lane ?? from.lane,
      title: `Late work of "${record.owner.fullName}": ${withArticle(operationNoun(record.operation))} (${siteLabel(record.operation.site)}) ran ${times}${record.msAfterEnd} ms after it ended, ${where}`,
    })
    last = Math.max(last, toAt)
  }
  for (const error of report.unhandledErrors) {
    const { attribution } = error
    if (attribution.status !== 'test' || attribution.phase !== 'after-test') {
      continue
    }
    const from = barOf.get(attribution.test.sessionId)
    if (!from || arrows.length >= maxArrows) {
      continue
    }
    const toAt = from.end + (attribution.msAfterTestEnded ?? 0)
    const blamed = blamedTest(index.testsByName, error.vitestBlamed, error.surfacedIn)
    const targets = attribution.surfacedDuring.length > 0
      ? attribution.surfacedDuring.map(ref => barOf.get(ref.sessionId) ?? null)
      : [blamed?.sessions.at(-1) ? barOf.get(blamed.sessions.at(-1)!.id) ?? null : null]
    const blame = error.vitestBlamed ? `Vitest blamed "${error.vitestBlamed}"` : 'Vitest named no test'
    for (const to of targets) {
      arrows.push({
        kind: 'error',
        from,
        to,
        fromAt: from.end,
        toAt,
        toLane: to?.lane ?? from.lane,
        title: `${error.type}: ${error.message.split('\n')[0]} — caused by "${attribution.test.fullName}", surfaced ${attribution.msAfterTestEnded ?? 0} ms after it ended${to ? ` during "${to.test.fullName}"` : ''}; ${blame}`,
      })
    }
    last = Math.max(last, toAt)
  }
  return { lanes, bars, arrows, origin, span: Math.max(1, last) }
}

/** Tick spacing for about `target` ticks: 1, 2 or 5 times a power of ten, in ms. */
export function tickStep(span: number, target: number): number {
  const raw = span / Math.max(1, target)
  const power = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map(factor => factor * power).find(step => step >= raw)
  return step ?? power * 10
}
