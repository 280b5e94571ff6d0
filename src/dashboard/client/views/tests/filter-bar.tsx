import type { FilterFlag, TestFilter } from '../../state/test-filters'
import { filterFlags, flagLabels } from '../../state/test-filters'

interface FilterBarProps {
  filter: TestFilter
  counts: Record<FilterFlag, number>
  files: string[]
  onChange: (filter: TestFilter) => void
}

/** Yes/no filters with how many tests each matches, a file, and a text search. */
export function FilterBar({ filter, counts, files, onChange }: FilterBarProps) {
  const toggle = (flag: FilterFlag): void => {
    const flags = filter.flags.includes(flag) ? filter.flags.filter(known => known !== flag) : [...filter.flags, flag]
    onChange({ ...filter, flags: filterFlags.filter(known => flags.includes(known)) })
  }
  return (
    <div class="filter-bar">
      <input
        type="search"
        class="filter-text"
        placeholder="Search names, files and diagnoses"
        aria-label="Search tests"
        value={filter.text}
        onInput={event => onChange({ ...filter, text: event.currentTarget.value })}
      />
      <select
        class="filter-file"
        aria-label="File"
        value={filter.file}
        onChange={event => onChange({ ...filter, file: event.currentTarget.value })}
      >
        <option value="">All files ({files.length})</option>
        {files.map(file => <option key={file} value={file}>{file}</option>)}
      </select>
      <div class="filter-flags" role="group" aria-label="Filters">
        {filterFlags.map(flag => (
          <button
            key={flag}
            type="button"
            class={filter.flags.includes(flag) ? 'chip chip-on' : 'chip'}
            aria-pressed={filter.flags.includes(flag)}
            data-filter={flag}
            onClick={() => toggle(flag)}
          >
            {flagLabels[flag]} <span class="chip-count">{counts[flag].toLocaleString('en-US')}</span>
          </button>
        ))}
      </div>
    </div>
  )
}
