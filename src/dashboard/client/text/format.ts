export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? word : many}`
}

/** "12 ms", "1.4 s", "2 min 5 s" */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) {
    return '–'
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`
  }
  if (ms < 60_000) {
    return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`
  }
  const minutes = Math.floor(ms / 60_000)
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`
}

export function percent(part: number, whole: number): string {
  if (whole === 0) {
    return '–'
  }
  const value = (part / whole) * 100
  return `${value >= 99.95 || value === 0 ? value.toFixed(0) : value.toFixed(1)}%`
}

export function megabytes(bytes: number): number {
  return bytes / (1024 * 1024)
}

/** Local clock time of an epoch-ms or ISO time, with milliseconds: "14:03:07.120". */
export function clockTime(time: number | string): string {
  const date = new Date(time)
  if (Number.isNaN(date.getTime())) {
    return String(time)
  }
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0')
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`
}

/** Local date and time: "2026-12-02 14:03:07". */
export function dateTime(time: number | string): string {
  const date = new Date(time)
  if (Number.isNaN(date.getTime())) {
    return String(time)
  }
  const pad = (value: number): string => String(value).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${clockTime(time).slice(0, 8)}`
}

/** JSON as indented text, for data a test recorded. */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? 'undefined'
  }
  catch {
    return String(value)
  }
}
