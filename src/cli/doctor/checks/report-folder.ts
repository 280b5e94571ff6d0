import type { ResolvedOptions } from '../../../plugin/options.js'
import type { DoctorCheck } from '../check.js'
import { randomBytes } from 'node:crypto'
import { rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { htmlReportPath } from '../../../report/html/write-html.js'
import { projectRelative } from '../../../report/paths.js'

const title = 'Report folder'

type FolderState =
  | { writable: true, existing: string }
  | { writable: false, reason: string }

function nearestExisting(folder: string): { path: string, isFolder: boolean } {
  for (let path = folder; ; path = dirname(path)) {
    try {
      return { path, isFolder: statSync(path).isDirectory() }
    }
    catch {
      if (dirname(path) === path) {
        return { path, isFolder: false }
      }
    }
  }
}

/** Whether `folder` can be written, or created and written: a file is written and removed where it exists or would be created. */
function probeFolder(folder: string, root: string): FolderState {
  const existing = nearestExisting(folder)
  if (!existing.isFolder) {
    return { writable: false, reason: `${projectRelative(existing.path, root)} is a file, not a folder` }
  }
  const probe = join(existing.path, `.vitest-async-debug-doctor-${process.pid}-${randomBytes(4).toString('hex')}`)
  try {
    writeFileSync(probe, '', { flag: 'wx' })
    rmSync(probe, { force: true })
    return { writable: true, existing: existing.path }
  }
  catch (error) {
    return { writable: false, reason: `${projectRelative(existing.path, root)} cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` }
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  }
  catch {
    return false
  }
}

/** Where report.json and report.html go, relative to the root as the reporter resolves them. */
export function checkReportFolder(options: Pick<ResolvedOptions, 'reportFile' | 'htmlReport'>, root: string): DoctorCheck {
  const jsonPath = options.reportFile === false ? null : resolve(root, options.reportFile)
  const htmlPath = htmlReportPath(options, root)
  if (jsonPath && isFolder(jsonPath)) {
    return { id: 'report-folder-writable', status: 'fail', title, detail: `reportFile (${projectRelative(jsonPath, root)}) names a folder: the JSON report cannot be written there`, fix: `Set reportFile to a file path, such as '${projectRelative(join(jsonPath, 'report.json'), root)}'.` }
  }
  const files = [jsonPath, htmlPath].filter((path): path is string => path !== null)
  if (files.length === 0) {
    return { id: 'report-folder-writable', status: 'pass', title, detail: 'reportFile and htmlReport are false: no report is written' }
  }
  const folders = new Map<string, string[]>()
  for (const file of files) {
    folders.set(dirname(file), [...folders.get(dirname(file)) ?? [], basename(file)])
  }
  const fine: string[] = []
  for (const [folder, names] of folders) {
    const state = probeFolder(folder, root)
    const shown = `${projectRelative(folder, root) || '.'}/`
    if (!state.writable) {
      return { id: 'report-folder-writable', status: 'fail', title, detail: `${names.join(' and ')} cannot be written to ${shown}: ${state.reason}`, fix: 'Make the folder writable, or set reportFile (and htmlReport) to a path that is; false writes none.' }
    }
    fine.push(state.existing === folder
      ? `${shown} is writable (${names.join(', ')})`
      : `${shown} does not exist yet and can be created (${names.join(', ')})`)
  }
  return { id: 'report-folder-writable', status: 'pass', title, detail: fine.join('; ') }
}
