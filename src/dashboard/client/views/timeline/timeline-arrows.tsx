import type { Geometry } from './geometry'
import type { Arrow } from './timeline-layout'
import { arrowPath } from './geometry'

/** Arrowhead shapes; paths pick theirs by class in the stylesheet (marker-end), never by a style attribute. */
export function ArrowMarkers() {
  return (
    <defs>
      <marker id="arrowhead-late" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
        <path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead arrowhead-late" />
      </marker>
      <marker id="arrowhead-error" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
        <path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead arrowhead-error" />
      </marker>
    </defs>
  )
}

/** "Test A's timer fired during test B": one arrow from A's end to the moment it ran in B. */
export function ArrowPaths({ arrows, shape }: { arrows: Arrow[], shape: Geometry }) {
  return (
    <g class="arrows">
      {arrows.map((arrow, position) => (
        <path key={position} class={`arrow arrow-${arrow.kind}`} d={arrowPath(arrow, shape)} data-from={arrow.from.test.id} data-to={arrow.to?.test.id}>
          <title>{arrow.title}</title>
        </path>
      ))}
    </g>
  )
}
