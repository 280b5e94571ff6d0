import type { SessionRecord } from '../shared/session.js'
import type { TestInput } from './inputs.js'

/** Puts what a re-run found into the timed-out attempt: its await and sites replace the cheap capture's. */
export function applyRerun(sessions: SessionRecord[], found: TestInput['rerun']): SessionRecord[] {
  const last = sessions.at(-1)
  if (!found || !last?.timeout) {
    return sessions
  }
  const timeout = found.timeout
    ? { ...found.timeout, capture: 'rerun' as const, rerun: found.rerun }
    : { ...last.timeout, rerun: found.rerun }
  return [...sessions.slice(0, -1), { ...last, timeout }]
}
