import type { aroundAll, aroundEach, inject, TestRunner } from 'vitest'

/**
 * The parts of `vitest` (and the globals) the worker runtime uses, handed over by the setup file of each test file: in
 * vm pools every file has its own module graph, and hooks must go to the runner of the file at hand.
 */
export interface VitestApi {
  aroundAll: typeof aroundAll
  aroundEach: typeof aroundEach
  inject: typeof inject
  TestRunner: typeof TestRunner
  /** The test file's own `Promise` (in vm pools each file has its own globals). */
  Promise: PromiseConstructor
}
