import type { LocalsRecord } from '../../../../shared/locals.js'
import { SiteLink } from '../../ui/source-site'
import { TextBlock } from '../../ui/layout'

/** The variables where a failed last attempt failed (`locals: true`): each frame's site, then `name = value`. */
export function LocalsPanel({ locals }: { locals: LocalsRecord }) {
  return (
    <div class="locals">
      {locals.frames.map(frame => (
        <div class="locals-frame" key={`${frame.role}-${frame.site.file}:${frame.site.line}`}>
          <p>
            {frame.role === 'test' ? 'On the failing line, ' : `In ${frame.site.function ?? 'the project\'s code'}, where it failed, `}
            <SiteLink site={frame.site} />
          </p>
          <TextBlock text={frame.variables.map(variable => `${variable.name} = ${variable.value}`).join('\n')} label="variables" />
        </div>
      ))}
      {locals.truncated ? <p class="muted">Cut to stay within 4 kB per test.</p> : null}
      {locals.note ? <p class="muted">{locals.note}</p> : null}
    </div>
  )
}
