import { useEffect, useRef } from 'preact/hooks'
import uPlot from 'uplot'

export interface ChartSeries {
  label: string
  values: Array<number | null>
  color: string
  /** Draw bars (counts per time bucket) instead of a line. */
  bars?: boolean
}

interface TimeChartProps {
  title: string
  /** Epoch seconds, ascending. */
  times: number[]
  series: ChartSeries[]
  unit?: string
  height?: number
}

function themeColor(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback
}

function options(props: TimeChartProps, width: number): uPlot.Options {
  const axisColor = themeColor('--text-muted', '#666')
  const gridColor = themeColor('--border', '#ddd')
  const axis: uPlot.Axis = { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor, width: 1 } }
  const unit = props.unit ?? ''
  return {
    width,
    height: props.height ?? 160,
    legend: { live: true },
    cursor: { drag: { x: true, y: false } },
    // Counts and measurements start at zero; an all-zero series still gets a visible scale.
    scales: { x: { time: true }, y: { range: (_chart, _min, max) => [0, Math.max(1, max * 1.1)] } },
    axes: [axis, { ...axis, size: 64, values: (_chart, ticks) => ticks.map(value => `${Math.round(value * 10) / 10}${unit}`) }],
    series: [
      { label: 'time' },
      ...props.series.map((series): uPlot.Series => ({
        label: series.label,
        stroke: series.color,
        fill: series.bars ? series.color : `${series.color}22`,
        width: series.bars ? 0 : 1.5,
        points: { show: false },
        value: (_chart, value) => (value === null ? '–' : `${Math.round(value * 10) / 10}${unit}`),
        ...series.bars ? { paths: uPlot.paths.bars?.({ size: [0.8, 40] }) } : {},
      })),
    ],
  }
}

/** A small uPlot chart of values over time; it follows its container's width, and new data is drawn in place. */
export function TimeChart(props: TimeChartProps) {
  const holder = useRef<HTMLDivElement>(null)
  const chart = useRef<uPlot | null>(null)
  const latest = useRef(props)
  latest.current = props
  const shape = `${props.series.map(series => `${series.label}:${series.color}:${series.bars === true}`).join('|')}|${props.unit ?? ''}|${props.height ?? ''}`
  useEffect(() => {
    const element = holder.current
    if (!element) {
      return
    }
    const current = latest.current
    chart.current = new uPlot(options(current, Math.max(200, element.clientWidth)), chartData(current), element)
    const resize = new ResizeObserver(() => {
      const width = Math.max(200, element.clientWidth)
      if (chart.current && Math.abs(chart.current.width - width) > 1) {
        chart.current.setSize({ width, height: latest.current.height ?? 160 })
      }
    })
    resize.observe(element)
    return () => {
      resize.disconnect()
      chart.current?.destroy()
      chart.current = null
    }
  }, [shape])
  useEffect(() => {
    chart.current?.setData(chartData(props))
  }, [props.times, props.series])
  return (
    <figure class="chart">
      <figcaption class="chart-title">{props.title}</figcaption>
      <div ref={holder} class="chart-plot" />
    </figure>
  )
}

function chartData(props: TimeChartProps): uPlot.AlignedData {
  return [props.times, ...props.series.map(series => series.values)] as uPlot.AlignedData
}
