/** What Vite's module runner keeps of the modules it evaluated (`EvaluatedModules`, not in Vitest's public types). */
interface EvaluatedModules {
  fileToModulesMap?: Map<string, Set<{ id: string }>>
  getModuleSourceMapById?: (id: string) => { map?: unknown } | null
}

/**
 * The source map of a module as Vite's module runner holds it. Vitest 5 runs the code without its
 * `sourceMappingURL` comment, so V8 names no map for the script; the runner still has it.
 */
export function runnerSourceMap(file: string): object | null {
  const modules = (globalThis as { __vitest_worker__?: { evaluatedModules?: EvaluatedModules } }).__vitest_worker__?.evaluatedModules
  try {
    for (const node of modules?.fileToModulesMap?.get(file) ?? []) {
      const map = modules?.getModuleSourceMapById?.(node.id)?.map
      if (typeof map === 'object' && map !== null) {
        return map
      }
    }
  }
  catch {
    // Another runner's shape: the position stays the generated one.
  }
  return null
}
