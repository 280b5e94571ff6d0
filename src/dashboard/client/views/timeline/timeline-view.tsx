import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks'
import { testHref } from '../../routing/route'
import { Empty } from '../../ui/layout'
import { usePage } from '../../ui/page-context'
import { TestRef } from '../../ui/test-ref'
import { axisHeight, geometry, laneHeight } from './geometry'
import { TimelineCanvas } from './timeline-canvas'
import { TimelineGrid } from './timeline-grid'
import { layoutTimeline } from './timeline-layout'
import { TimelineSvg } from './timeline-svg'

/** Above this many bars they are drawn on a canvas: thousands of SVG elements make the page slow. */
const svgLimit = 2000
/** A canvas wider than this in CSS pixels may exceed what the browser can allocate. */
const maxWidth = 16_000
const zooms = [1, 2, 4, 8, 16, 32]

/** The element's width, followed; measured again when `shown` turns true (the element appears). */
function useWidth(shown: boolean): [ref: { current: HTMLDivElement | null }, width: number] {
  const ref = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(900)
  useLayoutEffect(() => {
    const element = ref.current
    if (!element) {
      return
    }
    setWidth(element.clientWidth || 900)
    const resize = new ResizeObserver(() => setWidth(element.clientWidth || 900))
    resize.observe(element)
    return () => resize.disconnect()
  }, [shown])
  return [ref, width]
}

/** One lane per worker, a bar per test attempt, and arrows where one test's work ran during another. */
export function TimelineView() {
  const { data, index } = usePage()
  const layout = useMemo(() => layoutTimeline(data.report, index), [data.report, index])
  const [zoom, setZoom] = useState(1)
  const [holder, available] = useWidth(layout.bars.length > 0)
  const width = Math.min(maxWidth, Math.max(400, available) * zoom)
  const shape = useMemo(() => geometry(layout, width), [layout, width])
  const open = (id: string): void => {
    location.hash = testHref(id)
  }
  if (layout.bars.length === 0) {
    return <div class="view"><h1 class="view-title">Timeline</h1><Empty>No test attempt has been recorded yet.</Empty></div>
  }
  const canvas = layout.bars.length > svgLimit
  return (
    <div class="view">
      <h1 class="view-title">Timeline <span class="count">{layout.bars.length.toLocaleString('en-US')} attempts</span></h1>
      <div class="timeline-toolbar">
        <span class="legend"><span class="swatch swatch-passed" /> passed <span class="swatch swatch-failed" /> failed <span class="swatch swatch-skipped" /> skipped</span>
        <span class="legend"><span class="swatch-line swatch-late" /> work that ran after its test ended <span class="swatch-line swatch-error" /> unhandled error, from the test that caused it</span>
        <span class="zoom" role="group" aria-label="Zoom">
          {zooms.map(factor => (
            <button key={factor} type="button" class={factor === zoom ? 'chip chip-on' : 'chip'} aria-pressed={factor === zoom} onClick={() => setZoom(factor)}>{factor}×</button>
          ))}
        </span>
      </div>
      <div class="timeline">
        <div class="timeline-lanes" style={{ paddingTop: `${axisHeight}px` }}>
          {layout.lanes.map(lane => <div key={lane.key} class="timeline-lane-label" style={{ height: `${laneHeight}px` }} title={lane.label}>{lane.label}</div>)}
        </div>
        <div class="timeline-scroll" ref={holder}>
          <div class="timeline-body" style={{ width: `${shape.width}px`, height: `${shape.height}px` }}>
            <TimelineGrid layout={layout} shape={shape} />
            {canvas ? <TimelineCanvas layout={layout} shape={shape} onOpen={open} /> : <TimelineSvg layout={layout} shape={shape} onOpen={open} />}
          </div>
        </div>
      </div>
      {layout.arrows.length > 0
        ? (
            <div class="crossings">
              <h2 class="section-title">Work that crossed tests <span class="count">{layout.arrows.length}</span></h2>
              <ul>
                {layout.arrows.slice(0, 200).map((arrow, position) => (
                  <li key={position} class={`crossing crossing-${arrow.kind}`}>
                    <span class={`swatch-line swatch-${arrow.kind}`} />
                    <TestRef test={{ testId: arrow.from.test.id, fullName: arrow.from.test.fullName, file: arrow.from.test.file }} showFile={false} />
                    {' → '}
                    {arrow.to ? <TestRef test={{ testId: arrow.to.test.id, fullName: arrow.to.test.fullName, file: arrow.to.test.file }} showFile={false} /> : <span class="muted">between tests</span>}
                    <div class="muted crossing-title">{arrow.title}</div>
                  </li>
                ))}
              </ul>
              {layout.arrows.length > 200 ? <p class="muted">… and {layout.arrows.length - 200} more: each test's page lists its own.</p> : null}
            </div>
          )
        : null}
    </div>
  )
}
