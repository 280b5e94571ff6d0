/**
 * GitHub Actions workflow commands, as the runner reads them from a step's output:
 * `::warning file=a.ts,line=3,col=5,title=…::message`, one per line, from the start of the line.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */

export type AnnotationLevel = 'error' | 'warning' | 'notice'

export interface CommandProperties {
  file?: string
  line?: number
  col?: number
  title?: string
}

const dataEscapes: Readonly<Record<string, string>> = { '%': '%25', '\r': '%0D', '\n': '%0A' }
const propertyEscapes: Readonly<Record<string, string>> = { ...dataEscapes, ':': '%3A', ',': '%2C' }

/** The message after `::`: a percent sign and line breaks are percent-encoded, so one command stays one line. */
export function escapeData(text: string): string {
  return text.replace(/[%\r\n]/g, character => dataEscapes[character]!)
}

/** A property value: also `:` and `,`, which would end the value. */
export function escapeProperty(text: string): string {
  return text.replace(/[%\r\n:,]/g, character => propertyEscapes[character]!)
}

/** One workflow command line (without the line break); properties that are not given are left out. */
export function workflowCommand(level: AnnotationLevel, properties: CommandProperties, message: string): string {
  const given = (['file', 'line', 'col', 'title'] as const)
    .filter(name => properties[name] !== undefined && properties[name] !== '')
    .map(name => `${name}=${escapeProperty(String(properties[name]))}`)
  return `::${level}${given.length > 0 ? ` ${given.join(',')}` : ''}::${escapeData(message)}`
}
