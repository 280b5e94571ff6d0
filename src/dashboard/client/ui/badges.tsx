import type { ComponentChildren } from 'preact'
import type { DiagnosisKind } from '../../../shared/report.js'

export type Tone = 'ok' | 'bad' | 'warn' | 'info' | 'neutral'

export function Badge({ tone, children, title }: { tone: Tone, children: ComponentChildren, title?: string }) {
  return <span class={`badge badge-${tone}`} title={title}>{children}</span>
}

const stateTones: Record<string, Tone> = {
  passed: 'ok',
  failed: 'bad',
  interrupted: 'warn',
  skipped: 'neutral',
  pending: 'neutral',
  queued: 'neutral',
  running: 'info',
  paused: 'warn',
  attached: 'info',
  closed: 'neutral',
}

export function StateBadge({ state }: { state: string }) {
  return <Badge tone={stateTones[state] ?? 'neutral'}>{state}</Badge>
}

const stateIcons: Record<string, string> = { passed: '✓', failed: '✗', skipped: '○', pending: '…' }

export function StateIcon({ state }: { state: string }) {
  return <span class={`state-icon state-${state}`} title={state} aria-label={state}>{stateIcons[state] ?? '·'}</span>
}

export const diagnosisLabels: Record<DiagnosisKind, string> = {
  'unhandled-error': 'caused an unhandled error',
  'blamed-by-vitest': 'blamed by Vitest',
  'timed-out': 'timed out',
  'left-running': 'left work running',
  'late-activity': 'work ran late',
  'received-late-activity': 'received late work',
  'abort-crossed-tests': 'abort crossed tests',
  'abort-ignored': 'abort ignored',
  'open-at-file-end': 'open at file end',
  'still-closing': 'still closing',
  'blocked-event-loop': 'blocked the event loop',
}

const diagnosisTones: Record<DiagnosisKind, Tone> = {
  'unhandled-error': 'bad',
  'blamed-by-vitest': 'info',
  'timed-out': 'bad',
  'left-running': 'warn',
  'late-activity': 'warn',
  'received-late-activity': 'info',
  'abort-crossed-tests': 'warn',
  'abort-ignored': 'warn',
  'open-at-file-end': 'warn',
  'still-closing': 'neutral',
  'blocked-event-loop': 'warn',
}

export function DiagnosisBadge({ kind }: { kind: DiagnosisKind }) {
  return <Badge tone={diagnosisTones[kind] ?? 'neutral'}>{diagnosisLabels[kind] ?? kind}</Badge>
}
