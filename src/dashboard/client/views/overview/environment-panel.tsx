import type { EnvironmentInfo } from '../../../../shared/report.js'
import { Badge } from '../../ui/badges'
import { Facts } from '../../ui/layout'

/** Versions, pools and workers, and the plugin's checks of the environment. */
export function EnvironmentPanel({ environment }: { environment: EnvironmentInfo }) {
  const pools = [...new Set(environment.projects.map(project => project.pool))]
  return (
    <div class="two-columns">
      <Facts items={[
        ['Node.js', environment.node],
        ['Vitest', environment.vitest],
        ['vitest-async-debug', environment.plugin],
        ['OS', `${environment.os.platform} ${environment.os.release} (${environment.os.arch})`],
        [pools.length === 1 ? 'Pool' : 'Pools', pools.join(', ') || '–'],
        ['Max workers', String(environment.maxWorkers)],
        environment.projects.length > 1 && ['Projects', environment.projects.map(project => (
          <div key={project.name}>{project.name || '(root)'} · {project.pool} · {project.isolate ? 'isolated' : 'not isolated'} · {project.maxWorkers} workers</div>
        ))],
      ]}
      />
      <ul class="checks">
        {environment.checks.map(check => (
          <li key={check.id} class={check.ok ? 'check check-ok' : 'check check-bad'}>
            <Badge tone={check.ok ? 'ok' : 'bad'}>{check.ok ? 'ok' : 'not ok'}</Badge>
            <span class="check-id">{check.id}</span>
            <span class="check-detail">{check.detail}</span>
          </li>
        ))}
      </ul>
    </div>
  )
}
