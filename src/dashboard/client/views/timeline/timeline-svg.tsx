import type { Geometry } from './geometry'
import type { TimelineLayout } from './timeline-layout'
import { duration } from '../../text/format'
import { barBox } from './geometry'
import { ArrowMarkers, ArrowPaths } from './timeline-arrows'

/** Characters that fit in a bar, at about 6.5 px each. */
function fitting(text: string, width: number): string | null {
  const room = Math.floor((width - 8) / 6.5)
  if (room < 4) {
    return null
  }
  return text.length <= room ? text : `${text.slice(0, room - 1)}…`
}

/** Bars as SVG rectangles, labelled when wide enough, with the arrows over them. */
export function TimelineSvg({ layout, shape, onOpen }: { layout: TimelineLayout, shape: Geometry, onOpen: (testId: string) => void }) {
  const onClick = (event: MouseEvent): void => {
    const target = (event.target as Element).closest('[data-test]')
    const id = target?.getAttribute('data-test')
    if (id) {
      onOpen(id)
    }
  }
  return (
    <svg class="timeline-svg" width={shape.width} height={shape.height} onClick={onClick} role="img" aria-label="Test attempts per worker over time">
      <ArrowMarkers />
      <g class="bars">
        {layout.bars.map((bar, position) => {
          const box = barBox(bar, shape)
          const label = fitting(bar.test.fullName, box.width)
          return (
            <g key={position} class={`bar bar-${bar.session.state}`} data-test={bar.test.id}>
              <rect x={box.x} y={box.y} width={box.width} height={box.height} rx="3" />
              {label ? <text x={box.x + 4} y={box.y + 14} class="bar-label">{label}</text> : null}
              <title>{`${bar.test.fullName} — ${bar.session.state}, ${duration(bar.end - bar.start)}${bar.session.attempt > 1 ? ` (attempt ${bar.session.attempt})` : ''}`}</title>
            </g>
          )
        })}
      </g>
      <ArrowPaths arrows={layout.arrows} shape={shape} />
    </svg>
  )
}
