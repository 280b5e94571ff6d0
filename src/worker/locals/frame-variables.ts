import type { Protocol } from 'devtools-protocol'
import type { LocalVariable } from '../../shared/locals.js'
import type { SyncSession } from './sync-session.js'
import { accessorText, renderValue } from './render-value.js'

/** The frame's own scopes and what it sees of enclosing functions (Vite's module wrapper is the outermost). */
const readScopes = new Set(['local', 'block', 'catch', 'closure'])

/** Vite's module wrapper and Vitest's hoisted imports: not the test's variables. */
const toolNames = /^__(vite_ssr|vi)_/

/**
 * The variables in scope in a paused frame, innermost scope first, each rendered. Functions of enclosing
 * scopes (the module's own declarations) and the frame's own function are left out: they are not state.
 */
export function frameVariables(session: SyncSession, frame: Protocol.Debugger.CallFrame): LocalVariable[] {
  const variables: LocalVariable[] = []
  const seen = new Set<string>()
  const scopes = frame.scopeChain.filter(scope => readScopes.has(scope.type) && scope.object.objectId !== undefined)
  const ownScopes = new Set(scopes.slice(0, scopes.findIndex(scope => scope.type === 'local') + 1))
  for (const scope of scopes) {
    for (const property of session.properties(scope.object.objectId!)) {
      const isFunction = property.value?.type === 'function'
      if (seen.has(property.name) || toolNames.test(property.name) || (isFunction && (!ownScopes.has(scope) || property.name === frame.functionName))) {
        continue
      }
      seen.add(property.name)
      variables.push({ name: property.name, value: property.value ? renderValue(session, property.value) : accessorText(property) })
    }
  }
  if (frame.this.type !== 'undefined' && frame.this.className !== 'global') {
    variables.push({ name: 'this', value: renderValue(session, frame.this) })
  }
  return variables
}
