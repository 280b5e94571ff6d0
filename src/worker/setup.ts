/**
 * The plugin's entry in `setupFiles`. Vitest evaluates a setup file for every test file; the runtime it
 * imports is loaded once per worker (from node_modules, Node caches it), so the hooks are registered here.
 */
import { aroundAll, aroundEach, inject, TestRunner } from 'vitest'
import { instrumentTestFile } from './worker-runtime.js'

await instrumentTestFile({ aroundAll, aroundEach, inject, TestRunner, Promise })
