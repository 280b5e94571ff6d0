import type { OperationRecord } from '../../../shared/ledger.js'
import { OperationView } from './operation-view'

/**
 * Several operations, where many share a site and advice (a timeout's pending promises): the code
 * excerpt shows the first time a site does, and each hint once.
 */
export function OperationList({ operations }: { operations: OperationRecord[] }) {
  const sites = new Set<string>()
  const hints = new Set<string>()
  return (
    <div class="operations">
      {operations.map((operation, position) => {
        const site = operation.site ? `${operation.site.file}:${operation.site.line}` : ''
        const excerpt = site !== '' && !sites.has(site)
        const hint = !hints.has(operation.hint)
        sites.add(site)
        hints.add(operation.hint)
        return <OperationView key={`${operation.id}:${position}`} operation={operation} excerpt={excerpt} hint={hint} />
      })}
    </div>
  )
}
