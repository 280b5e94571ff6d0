import type { Arrow, Bar, TimelineLayout } from './timeline-layout'

export const axisHeight = 26
export const laneHeight = 46
/** Bars sit low in their lane: arrows arc above them. */
export const barTop = 18
export const barHeight = 20
export const sidePadding = 12

export interface Geometry {
  width: number
  height: number
  x: (ms: number) => number
  laneY: (lane: number) => number
}

export function geometry(layout: TimelineLayout, width: number): Geometry {
  const usable = Math.max(1, width - sidePadding * 2)
  return {
    width,
    height: axisHeight + layout.lanes.length * laneHeight,
    x: ms => sidePadding + (ms / layout.span) * usable,
    laneY: lane => axisHeight + lane * laneHeight,
  }
}

export function barBox(bar: Bar, shape: Geometry): { x: number, y: number, width: number, height: number } {
  const x = shape.x(bar.start)
  return { x, y: shape.laneY(bar.lane) + barTop, width: Math.max(1, shape.x(bar.end) - x), height: barHeight }
}

/** A curve from the top of the owner's bar where it ended to the top of the bar the work landed in. */
export function arrowPath(arrow: Arrow, shape: Geometry): string {
  const x1 = shape.x(arrow.fromAt)
  const y1 = shape.laneY(arrow.from.lane) + barTop
  const x2 = Math.max(shape.x(arrow.toAt), x1 + 6)
  const y2 = shape.laneY(arrow.toLane) + barTop - 1
  const lift = arrow.from.lane === arrow.toLane ? Math.min(arrow.kind === 'error' ? 17 : 11, (arrow.kind === 'error' ? 9 : 5) + (x2 - x1) / 8) : 0
  const top = Math.min(y1, y2) - lift
  return `M ${x1.toFixed(1)} ${y1} C ${x1.toFixed(1)} ${top.toFixed(1)}, ${x2.toFixed(1)} ${top.toFixed(1)}, ${x2.toFixed(1)} ${y2}`
}

/** The bar under a point, by binary search in the lane: hit tests cost log(n) however many bars. */
export function barAt(layout: TimelineLayout, shape: Geometry, px: number, py: number): Bar | null {
  const lane = Math.floor((py - axisHeight) / laneHeight)
  const inLane = py - shape.laneY(lane)
  if (lane < 0 || lane >= layout.lanes.length || inLane < barTop - 2 || inLane > barTop + barHeight + 2) {
    return null
  }
  const bars = layout.lanes[lane]!.bars
  let low = 0
  let high = bars.length - 1
  let found = -1
  while (low <= high) {
    const middle = (low + high) >> 1
    if (shape.x(bars[middle]!.start) <= px + 1) {
      found = middle
      low = middle + 1
    }
    else {
      high = middle - 1
    }
  }
  for (let position = found; position >= 0 && position > found - 50; position--) {
    const bar = bars[position]!
    const box = barBox(bar, shape)
    if (px >= box.x - 1 && px <= box.x + Math.max(box.width, 2) + 1) {
      return bar
    }
  }
  return null
}
