import type { ComponentChildren } from 'preact'
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks'

interface VirtualListProps {
  count: number
  rowHeight: number
  renderRow: (position: number) => ComponentChildren
  /** Changes when the rows are different ones (a new filter): the list scrolls back to the top. */
  resetKey: string
  label: string
}

const overscan = 8

/** A scrolling list that renders only the rows in view: ten thousand tests cost as much as thirty. */
export function VirtualList({ count, rowHeight, renderRow, resetKey, label }: VirtualListProps) {
  const viewport = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const [height, setHeight] = useState(600)
  const frame = useRef(0)
  useLayoutEffect(() => {
    const element = viewport.current
    if (!element) {
      return
    }
    setHeight(element.clientHeight || 600)
    const resize = new ResizeObserver(() => setHeight(element.clientHeight || 600))
    resize.observe(element)
    return () => resize.disconnect()
  }, [])
  useEffect(() => {
    if (viewport.current) {
      viewport.current.scrollTop = 0
    }
    setScrollTop(0)
  }, [resetKey])
  const onScroll = (): void => {
    cancelAnimationFrame(frame.current)
    frame.current = requestAnimationFrame(() => setScrollTop(viewport.current?.scrollTop ?? 0))
  }
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan)
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan)
  const rows: ComponentChildren[] = []
  for (let position = first; position < last; position++) {
    rows.push(
      <div key={position} class="virtual-row" role="listitem" style={{ transform: `translateY(${position * rowHeight}px)`, height: `${rowHeight}px` }}>
        {renderRow(position)}
      </div>,
    )
  }
  return (
    <div ref={viewport} class="virtual-list" onScroll={onScroll} role="list" aria-label={label}>
      <div class="virtual-space" style={{ height: `${count * rowHeight}px` }}>{rows}</div>
    </div>
  )
}
