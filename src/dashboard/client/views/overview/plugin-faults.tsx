import type { PluginFaultEntry } from '../../../../shared/report.js'
import { ErrorView } from '../../ui/error-view'
import { TestRef } from '../../ui/test-ref'

/** The plugin's own failures, first and in red: no finding should be read without knowing the plugin broke. */
export function PluginFaults({ faults }: { faults: PluginFaultEntry[] }) {
  if (faults.length === 0) {
    return null
  }
  return (
    <div class="card card-bad plugin-faults" role="alert">
      <h2 class="section-title">
        vitest-async-debug itself failed {faults.length === 1 ? 'once' : `${faults.length} times`}
      </h2>
      <p>
        A bug in the plugin, not in your tests, which ran as they would without it. Findings near these may be incomplete.
        {' '}<code>asyncDebug({'{'} enabled: false {'}'})</code> runs without the plugin.
      </p>
      {faults.map((fault, index) => (
        <div key={index} class="plugin-fault">
          <div>
            While {fault.while}, in {fault.test ? <TestRef test={fault.test} /> : fault.file}
          </div>
          <ErrorView error={fault.error} />
        </div>
      ))}
    </div>
  )
}
