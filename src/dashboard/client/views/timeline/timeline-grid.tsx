import type { Geometry } from './geometry'
import type { TimelineLayout } from './timeline-layout'
import { duration } from '../../text/format'
import { axisHeight, laneHeight } from './geometry'
import { tickStep } from './timeline-layout'

/** Lane stripes and the time axis, behind the bars. */
export function TimelineGrid({ layout, shape }: { layout: TimelineLayout, shape: Geometry }) {
  const step = tickStep(layout.span, Math.max(2, Math.floor(shape.width / 110)))
  const ticks: number[] = []
  for (let at = 0; at <= layout.span + step / 2; at += step) {
    ticks.push(at)
  }
  return (
    <svg class="timeline-grid" width={shape.width} height={shape.height} aria-hidden="true">
      {layout.lanes.map((lane, position) => (
        <rect key={lane.key} class={position % 2 === 0 ? 'lane lane-even' : 'lane lane-odd'} x="0" y={shape.laneY(position)} width={shape.width} height={laneHeight} />
      ))}
      {ticks.map(at => (
        <g key={at} class="tick">
          <line x1={shape.x(at)} x2={shape.x(at)} y1={axisHeight - 6} y2={shape.height} />
          <text x={shape.x(at) + 3} y={axisHeight - 10}>{at === 0 ? '0' : `+${duration(at)}`}</text>
        </g>
      ))}
    </svg>
  )
}
