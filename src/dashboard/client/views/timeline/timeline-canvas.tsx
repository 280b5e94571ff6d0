import type { Geometry } from './geometry'
import type { Bar, TimelineLayout } from './timeline-layout'
import { useEffect, useRef, useState } from 'preact/hooks'
import { duration } from '../../text/format'
import { barAt, barBox } from './geometry'
import { ArrowMarkers, ArrowPaths } from './timeline-arrows'

function color(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback
}

function draw(canvas: HTMLCanvasElement, layout: TimelineLayout, shape: Geometry): void {
  const ratio = window.devicePixelRatio || 1
  canvas.width = Math.round(shape.width * ratio)
  canvas.height = Math.round(shape.height * ratio)
  const context = canvas.getContext('2d')
  if (!context) {
    return
  }
  context.scale(ratio, ratio)
  context.clearRect(0, 0, shape.width, shape.height)
  const fills: Record<string, string> = {
    passed: color('--passed', '#2da44e'),
    failed: color('--failed', '#cf222e'),
    skipped: color('--skipped', '#8c959f'),
  }
  const text = color('--bar-text', '#fff')
  context.font = '11px system-ui, sans-serif'
  for (const bar of layout.bars) {
    const box = barBox(bar, shape)
    context.fillStyle = fills[bar.session.state] ?? fills.skipped!
    context.fillRect(box.x, box.y, box.width, box.height)
    if (box.width > 40) {
      context.save()
      context.beginPath()
      context.rect(box.x + 3, box.y, box.width - 6, box.height)
      context.clip()
      context.fillStyle = text
      context.fillText(bar.test.fullName, box.x + 4, box.y + 14)
      context.restore()
    }
  }
}

/** Bars drawn on a canvas (thousands of them), hit-tested for hover and click; arrows stay SVG above. */
export function TimelineCanvas({ layout, shape, onOpen }: { layout: TimelineLayout, shape: Geometry, onOpen: (testId: string) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null)
  const [hover, setHover] = useState<{ bar: Bar, x: number, y: number } | null>(null)
  useEffect(() => {
    if (canvas.current) {
      draw(canvas.current, layout, shape)
    }
  }, [layout, shape])
  const point = (event: MouseEvent): { x: number, y: number } => {
    const rect = canvas.current!.getBoundingClientRect()
    return { x: event.clientX - rect.left, y: event.clientY - rect.top }
  }
  const onMove = (event: MouseEvent): void => {
    const { x, y } = point(event)
    const bar = barAt(layout, shape, x, y)
    setHover(bar ? { bar, x, y } : null)
  }
  const onClick = (event: MouseEvent): void => {
    const { x, y } = point(event)
    const bar = barAt(layout, shape, x, y)
    if (bar) {
      onOpen(bar.test.id)
    }
  }
  return (
    <div class="timeline-layers" style={{ width: `${shape.width}px`, height: `${shape.height}px` }}>
      <canvas
        ref={canvas}
        class={hover ? 'timeline-canvas timeline-canvas-hover' : 'timeline-canvas'}
        style={{ width: `${shape.width}px`, height: `${shape.height}px` }}
        onMouseMove={onMove}
        onMouseLeave={() => setHover(null)}
        onClick={onClick}
        role="img"
        aria-label={`${layout.bars.length} test attempts per worker over time`}
      />
      <svg class="timeline-overlay" width={shape.width} height={shape.height}>
        <ArrowMarkers />
        <ArrowPaths arrows={layout.arrows} shape={shape} />
      </svg>
      {hover
        ? (
            <div class="timeline-tooltip" style={{ left: `${hover.x + 12}px`, top: `${hover.y + 12}px` }}>
              <div class="timeline-tooltip-name">{hover.bar.test.fullName}</div>
              <div class="muted">{hover.bar.session.state} · {duration(hover.bar.end - hover.bar.start)}</div>
            </div>
          )
        : null}
    </div>
  )
}
