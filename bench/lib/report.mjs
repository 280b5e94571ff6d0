import { readFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

export function summarize(variantName, runs) {
  const wallTimes = runs.map(run => run.wallMs)
  const rssValues = runs.map(run => run.peakRssMb).filter(value => value !== undefined)
  return {
    variant: variantName,
    medianMs: median(wallTimes),
    minMs: Math.min(...wallTimes),
    maxMs: Math.max(...wallTimes),
    medianRssMb: rssValues.length > 0 ? median(rssValues) : undefined,
  }
}

function tableRows(summaries, baselineMedianMs, withMemory) {
  const header = ['variant', 'median ms', 'min ms', 'max ms', 'vs plain']
  if (withMemory) {
    header.push('peak RSS MB')
  }
  const rows = summaries.map(summary => {
    const row = [
      summary.variant,
      summary.medianMs.toFixed(0),
      summary.minMs.toFixed(0),
      summary.maxMs.toFixed(0),
      (summary.medianMs / baselineMedianMs).toFixed(2),
    ]
    if (withMemory) {
      row.push(summary.medianRssMb.toFixed(1))
    }
    return row
  })
  return [header, ...rows]
}

function formatTable(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map(row => row[column].length)))
  const formatRow = row => row
    .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
    .join('  ')
  const separator = widths.map(width => '-'.repeat(width)).join('  ')
  return [formatRow(rows[0]), separator, ...rows.slice(1).map(formatRow)].join('\n')
}

export function resultsTable(summaries, baselineVariant, withMemory) {
  const baseline = summaries.find(summary => summary.variant === baselineVariant)
  return formatTable(tableRows(summaries, baseline.medianMs, withMemory))
}

export function machineFacts(vitestPackageJson) {
  const vitestVersion = JSON.parse(readFileSync(vitestPackageJson, 'utf8')).version
  const processors = cpus()
  const model = processors[0]?.model.trim() ?? 'unknown CPU'
  const memoryGb = (totalmem() / 1024 ** 3).toFixed(1)
  return `node ${process.version} · vitest ${vitestVersion} · ${processors.length} cores (${model}) · ${memoryGb} GB RAM · ${new Date().toISOString()}`
}
