import { cpus, totalmem } from 'node:os'

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

export function summarize(variantName, allRuns) {
  const runs = allRuns.filter(run => !run.failed)
  if (runs.length === 0) {
    return { variant: variantName, failed: true, medianMs: Number.NaN, minMs: Number.NaN, maxMs: Number.NaN, medianRssMb: undefined }
  }
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
    if (summary.failed) {
      return [summary.variant, 'failed', '', '', '', ...(withMemory ? [''] : [])]
    }
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

/** One row per scenario: the plugin's and --detect-async-leaks' time (and memory) relative to plain Vitest. */
export function comparisonTable(results, withMemory, budgets) {
  const header = ['scenario', 'plain ms', 'plugin', 'detect-async-leaks', 'budget', 'within']
  if (withMemory) {
    header.push('RSS plain/plugin/leaks MB')
  }
  const rows = results.map(({ name, summaries }) => {
    const [plain, plugin, leaks] = ['plain', 'plugin', 'detect-async-leaks'].map(variant => summaries.find(summary => summary.variant === variant))
    const pluginRatio = plugin.medianMs / plain.medianMs
    const leaksRatio = leaks.medianMs / plain.medianMs
    const budget = budgets[name]
    const within = (budget === undefined || pluginRatio <= budget) && (leaks.failed || pluginRatio < leaksRatio)
    const row = [name, plain.medianMs.toFixed(0), `${pluginRatio.toFixed(2)}x`, leaks.failed ? 'crashed' : `${leaksRatio.toFixed(2)}x`, budget === undefined ? '< leaks' : `<= ${budget.toFixed(2)}x, < leaks`, within ? 'yes' : 'NO']
    if (withMemory) {
      row.push([plain, plugin, leaks].map(summary => summary.medianRssMb?.toFixed(0) ?? '-').join(' / '))
    }
    return row
  })
  return formatTable([header, ...rows])
}

/** Per real suite: the plugin's findings, how many are on the hand-checked list (true), and the rest. */
export function precisionTable(results) {
  const rows = results.map(result => [result.name, String(result.findings), String(result.true), String(result.false)])
  const table = formatTable([['suite', 'findings', 'true', 'false'], ...rows])
  const unchecked = results.flatMap(result => result.unchecked.map(finding => `  not on the checked list (${result.name}): ${finding}`))
  return [table, ...unchecked].join('\n')
}

export function machineFacts(nodeVersion, vitestVersion) {
  const processors = cpus()
  const model = processors[0]?.model.trim() ?? 'unknown CPU'
  const memoryGb = (totalmem() / 1024 ** 3).toFixed(1)
  return `node ${nodeVersion} · vitest ${vitestVersion} · ${processors.length} cores (${model}) · ${memoryGb} GB RAM · ${new Date().toISOString()}`
}
