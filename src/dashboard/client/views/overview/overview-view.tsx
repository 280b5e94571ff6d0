import { Section } from '../../ui/layout'
import { usePage } from '../../ui/page-context'
import { ActivityCharts } from './activity-charts'
import { EnvironmentPanel } from './environment-panel'
import { FindingsPanel } from './findings-panel'
import { PluginFaults } from './plugin-faults'
import { RunStatus, isFinished } from './run-status'
import { RunningTests } from './running-tests'
import { SlowestTests } from './slowest-tests'
import { SummaryTiles } from './summary-tiles'

/** The run at a glance: outcome, counts, findings, activity over time, slowest tests, environment. */
export function OverviewView() {
  const { data } = usePage()
  const { report } = data
  const live = data.mode === 'live' && !isFinished(data)
  return (
    <div class="view">
      <PluginFaults faults={report.pluginFaults} />
      <RunStatus data={data} />
      <SummaryTiles report={report} />
      {data.mode === 'live' ? <Section title="Running now" count={data.running.length}><RunningTests running={data.running} /></Section> : null}
      <Section title="Findings"><FindingsPanel report={report} /></Section>
      <Section title="Activity over time"><ActivityCharts data={data} live={live} /></Section>
      <Section title="Slowest tests"><SlowestTests tests={report.tests} /></Section>
      <Section title="Environment"><EnvironmentPanel environment={report.environment} /></Section>
    </div>
  )
}
