import type { MergeInput } from './merge-input.js'
import { REPORT_SCHEMA_VERSION } from '../../shared/report.js'
import { ReportInputError } from '../report-input-error.js'
import { shardText } from './shard-order.js'

const distinctRun = 'merge the reports of distinct --shard runs of one suite'

function projectList(input: MergeInput): string {
  return input.report.environment.projects.map(project => JSON.stringify(project.name)).join(', ')
}

/** The first input whose `key` differs from the first input's, with the first. */
function firstDifferent<T>(inputs: readonly MergeInput[], key: (input: MergeInput) => T): [MergeInput, MergeInput] | undefined {
  const [first] = inputs
  const other = inputs.find(input => key(input) !== key(first!))
  return other && [first!, other]
}

function checkOneRunEach(inputs: readonly MergeInput[]): void {
  const merged = inputs.find(input => input.report.shards.length > 0)
  if (merged) {
    const sources = merged.report.shards.map(shard => shard.source).join(', ')
    throw new ReportInputError('ASYNC_DEBUG_MERGE_ALREADY_MERGED', `${merged.path} is already a merged report (of ${sources}): merge the shard reports it was made from instead.`)
  }
  const otherVersion = inputs.find(input => input.report.schemaVersion !== REPORT_SCHEMA_VERSION)
  if (otherVersion) {
    const [first] = inputs
    const against = otherVersion === first ? `this vitest-async-debug merges schema version ${REPORT_SCHEMA_VERSION}` : `${first!.path} is schema version ${first!.report.schemaVersion}`
    throw new ReportInputError('ASYNC_DEBUG_MERGE_SCHEMA_VERSIONS', `${otherVersion.path} is schema version ${otherVersion.report.schemaVersion} (vitest-async-debug ${otherVersion.report.generator.version}) and ${against}: run every shard with one vitest-async-debug version and merge with that version.`)
  }
}

function checkOneSuite(inputs: readonly MergeInput[]): void {
  const suites = firstDifferent(inputs, input => input.report.environment.suite)
  if (suites) {
    const [first, other] = suites
    throw new ReportInputError('ASYNC_DEBUG_MERGE_OTHER_SUITE', `${first.path} is a report of suite "${first.report.environment.suite}" and ${other.path} of suite "${other.report.environment.suite}": ${distinctRun}.`)
  }
  const projects = firstDifferent(inputs, projectList)
  if (projects) {
    const [first, other] = projects
    throw new ReportInputError('ASYNC_DEBUG_MERGE_OTHER_PROJECTS', `${first.path} has the projects ${projectList(first)} and ${other.path} has ${projectList(other)}: shards of one run have the same projects; ${distinctRun} with one configuration.`)
  }
}

function checkShards(inputs: readonly MergeInput[]): void {
  const counts = firstDifferent(inputs, input => input.report.run.shard?.count ?? null)
  if (counts) {
    const [first, other] = counts
    throw new ReportInputError('ASYNC_DEBUG_MERGE_SHARD_COUNTS', `${first.path} is ${shardText(first)} and ${other.path} is ${shardText(other)}: merge the shards of one split, all run with the same --shard=<index>/<count> count.`)
  }
  const seen = new Map<number, MergeInput>()
  for (const input of inputs) {
    const index = input.report.run.shard?.index
    const earlier = index === undefined ? undefined : seen.get(index)
    if (earlier) {
      throw new ReportInputError('ASYNC_DEBUG_MERGE_SAME_SHARD', `${earlier.path} and ${input.path} are both ${shardText(input)}: pass the report of each shard once.`)
    }
    if (index !== undefined) {
      seen.set(index, input)
    }
  }
}

/** A test, or a file that had no tests, in two reports: they ran the same tests, so they are not shards of one run. */
function checkDisjoint(inputs: readonly MergeInput[]): void {
  const owners = new Map<string, MergeInput>()
  for (const input of inputs) {
    const keys = [
      ...input.report.tests.map(test => ({ key: `test\0${test.id}`, what: `the test "${test.fullName}" (${test.file})` })),
      ...input.report.files.map(file => ({ key: `file\0${file.project}\0${file.file}`, what: `the test file ${file.file}${file.project ? ` of project "${file.project}"` : ''}` })),
    ]
    for (const { key, what } of keys) {
      const earlier = owners.get(key)
      if (earlier && earlier !== input) {
        throw new ReportInputError('ASYNC_DEBUG_MERGE_NOT_SHARDS', `${earlier.path} and ${input.path} both have ${what}: these are not shards of one run; ${distinctRun}.`)
      }
      owners.set(key, input)
    }
  }
}

/** Refuses, with a ReportInputError that names the files, inputs that are not the shard reports of one run. */
export function checkMergeable(inputs: readonly MergeInput[]): void {
  if (inputs.length === 0) {
    throw new ReportInputError('ASYNC_DEBUG_MERGE_NO_INPUT', 'no reports to merge: pass the JSON report of each --shard run.')
  }
  checkOneRunEach(inputs)
  checkOneSuite(inputs)
  checkShards(inputs)
  checkDisjoint(inputs)
}
