import { readdirSync, readFileSync, readlinkSync } from 'node:fs'

export interface PortOwner {
  pid: number
  command: string
}

const LISTEN = '0A'

function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>()
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string
    try {
      text = readFileSync(table, 'utf8')
    }
    catch {
      continue
    }
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const fields = line.trim().split(/\s+/)
      const localPort = Number.parseInt(fields[1]?.split(':')[1] ?? '', 16)
      if (localPort === port && fields[3] === LISTEN && fields[9]) {
        inodes.add(fields[9])
      }
    }
  }
  return inodes
}

function commandOf(pid: string): string {
  try {
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ')
    return command.length > 80 ? `${command.slice(0, 77)}...` : command
  }
  catch {
    return '?'
  }
}

/**
 * The process listening on a TCP port, found through /proc (Linux; only processes this user may look
 * into). Null when that is not known: another system, another user's process, or a race.
 */
export function findPortOwner(port: number): PortOwner | null {
  const inodes = listeningInodes(port)
  if (inodes.size === 0) {
    return null
  }
  const sockets = new Set([...inodes].map(inode => `socket:[${inode}]`))
  for (const pid of readdirSync('/proc').filter(name => /^\d+$/.test(name))) {
    let descriptors: string[]
    try {
      descriptors = readdirSync(`/proc/${pid}/fd`)
    }
    catch {
      continue
    }
    for (const descriptor of descriptors) {
      try {
        if (sockets.has(readlinkSync(`/proc/${pid}/fd/${descriptor}`))) {
          return { pid: Number(pid), command: commandOf(pid) }
        }
      }
      catch {
        // Closed while we looked.
      }
    }
  }
  return null
}
