import type { BlockRecord } from '../../shared/blocking.js'
import type { SourceSite } from '../../shared/ledger.js'
import type { SessionRef } from '../../shared/session.js'
import type { WatchdogCapture } from './watchdog-protocol.js'
import { originOf, parseFrame, thrownByPlugin } from '../ledger/stack.js'

/** Frames kept of a blocked stack. */
const STACK_FRAMES = 8
/** A pause that took longer than this landed when a native call returned, not inside the block. */
const LIVE_LATENCY_MS = 100

export const NOTE_WATCHDOG_OFF = 'only its length is known: the watchdog that names the function is off (blocking.watchdog: \'off\', or a debugger may attach)'
export const NOTE_WATCHDOG_STARTS_AFTER = 'only its length is known: the watchdog that names the function starts after a worker\'s first block; set blocking: { watchdog: \'always\' } to name it'
export const NOTE_NOT_CAUGHT = 'only its length is known: the watchdog did not catch the thread while it was blocked'
export const NOTE_NATIVE_RETURNED = 'a native call had just returned when the watchdog paused the thread'

const vitestFile = /[\\/]node_modules[\\/](?:@vitest|vitest|tinypool)[\\/]/

/** The stack as `new Error().stack` gave it in the paused frame, without the evaluated code's own frames. */
function stackLines(stack: string, root: string): string[] {
  const lines = pausedStack(stack).split('\n').filter(line => /^\s*at /.test(line) && !vitestFile.test(line) && !thrownByPlugin(line))
  const relative = (line: string): string => line.trim().replace(/^at /, '').replace(`file://${root}/`, '').replace(`${root}/`, '')
  return lines.slice(0, STACK_FRAMES).map(relative)
}

/** Without the evaluated code's own frames. */
function pausedStack(stack: string): string {
  return stack.split('\n').filter(line => !line.includes('(eval at ') && !/^\s*at eval \(/.test(line)).join('\n')
}

/**
 * A pause that landed in the plugin's heartbeat or in Vitest going on came after the block had ended:
 * it says nothing about what blocked.
 */
export function cameAfterTheBlock(capture: WatchdogCapture): boolean {
  const stack = pausedStack(capture.stack)
  const top = stack.split('\n').map(parseFrame).find(frame => frame !== null && !frame.file.startsWith('node:'))
  return !top || thrownByPlugin(stack) || vitestFile.test(top.file)
}

/** An arrow function has no name: "a callback in editDistance" names it by the nearest named frame under it. */
function enclosingName(stack: string, site: SourceSite): string | null {
  const frames = pausedStack(stack).split('\n').map(parseFrame)
  const top = frames.findIndex(frame => frame !== null && frame.line === site.line && frame.file.endsWith(site.file))
  const named = frames.slice(top + 1).find(frame => frame?.function && !frame.function.includes('.') && frame.function !== '<anonymous>')
  return top >= 0 && named?.function ? `a callback in ${named.function}` : null
}

/** A block the watchdog saw while it lasted. */
export function liveBlock(durationMs: number, at: number, capture: WatchdogCapture, owner: SessionRef | null, root: string): BlockRecord {
  const { site } = originOf({ stack: pausedStack(capture.stack) }, root)
  return {
    durationMs,
    at,
    capture: 'live',
    site: site && site.function === null ? { ...site, function: enclosingName(capture.stack, site) } : site,
    stack: stackLines(capture.stack, root),
    owner,
    ...capture.latencyMs > LIVE_LATENCY_MS ? { note: NOTE_NATIVE_RETURNED } : {},
  }
}

/** A block known only by its length. */
export function blockAfter(durationMs: number, at: number, note: string): BlockRecord {
  return { durationMs, at, capture: 'after', site: null, stack: [], owner: null, note }
}
