import type { TestFilter } from '../../state/test-filters'
import { useMemo, useState, useEffect } from 'preact/hooks'
import { replaceRoute } from '../../routing/route'
import { filterRows, flagCounts } from '../../state/test-filters'
import { usePage } from '../../ui/page-context'
import { FilterBar } from './filter-bar'
import { TestRowView } from './test-row'
import { VirtualList } from './virtual-list'

const rowHeight = 52

/** Every test, filtered; the filter lives in the URL so a filtered list can be bookmarked or shared. */
export function TestsView({ filter: routed }: { filter: TestFilter }) {
  const { index } = usePage()
  const [filter, setFilter] = useState(routed)
  useEffect(() => setFilter(routed), [routed.flags.join(','), routed.file, routed.text])
  const matches = useMemo(() => filterRows(index.rows, filter), [index.rows, filter])
  const counts = useMemo(() => flagCounts(index.rows), [index.rows])
  const change = (next: TestFilter): void => {
    setFilter(next)
    replaceRoute({ view: 'tests', filter: next })
  }
  const resetKey = `${filter.flags.join(',')}\u0000${filter.file}\u0000${filter.text}`
  return (
    <div class="view tests-view">
      <FilterBar filter={filter} counts={counts} files={index.files} onChange={change} />
      <div class="list-status" aria-live="polite">
        <span class="list-count">{matches.length.toLocaleString('en-US')}</span> of {index.rows.length.toLocaleString('en-US')} tests
      </div>
      {matches.length === 0
        ? <p class="empty">No test matches these filters.</p>
        : <VirtualList count={matches.length} rowHeight={rowHeight} resetKey={resetKey} label="Tests" renderRow={position => <TestRowView test={index.rows[matches[position]!]!.test} />} />}
    </div>
  )
}
