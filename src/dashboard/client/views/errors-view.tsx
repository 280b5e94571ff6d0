import { Empty } from '../ui/layout'
import { usePage } from '../ui/page-context'
import { UnhandledErrorCard } from '../ui/unhandled-error-card'

/** Every unhandled error, with Vitest's blame beside the test that caused it. */
export function ErrorsView() {
  const { data } = usePage()
  const errors = data.report.unhandledErrors
  return (
    <div class="view">
      <h1 class="view-title">Unhandled errors <span class="count">{errors.length}</span></h1>
      {errors.length === 0 ? <Empty>No unhandled errors.</Empty> : null}
      {errors.map((error, position) => <UnhandledErrorCard key={position} error={error} number={position + 1} />)}
    </div>
  )
}
