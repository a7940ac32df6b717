// The resident memory of the jobs the daemon runs, as Slurm's jobacct_gather/linux polls it: one walk of /proc
// for all of them, each job's processes found by its process group, their RSS summed (shared pages counted in
// every process that maps them, as Slurm counts them unless told to use PSS).
import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs'

/** A job whose memory is sampled: its process group (the leader's pid) and the leader's start time. */
export interface SampledGroup {
  id: string
  pid: number
  /** /proc/PID/stat field 22 of the leader, as stored at start: a pid alone can be reused. */
  pidStart: string | null
}

/** The fields of /proc/PID/stat a sample needs (rss in pages); undefined when the text is not one. */
export function parseStat(text: string): { pgrp: number; start: string; rssPages: number } | undefined {
  // the name (field 2) is in parentheses and may hold spaces and ')': the fields after the last ')' are plain
  const close = text.lastIndexOf(')')
  if (close < 0) return undefined
  const f = text.slice(close + 2).split(' ') // state ppid pgrp ... starttime (field 22: f[19]) vsize rss (f[21])
  const pgrp = Number(f[2])
  const rssPages = Number(f[21])
  return Number.isInteger(pgrp) && f[19] !== undefined && Number.isInteger(rssPages) ? { pgrp, start: f[19], rssPages } : undefined
}

/** The page size, kB, from the kernel's word to this process (/proc/self/auxv AT_PAGESZ); 4 when unreadable. */
export function pageKb(auxv: Buffer = readAuxv()): number {
  for (let i = 0; i + 16 <= auxv.length; i += 16) { // (type, value) pairs of 64-bit words
    const type = auxv.readBigUInt64LE(i) // Linux on the little-endian machines Node is built for
    if (type === 6n) return Number(auxv.readBigUInt64LE(i + 8)) / 1024 // AT_PAGESZ
    if (type === 0n) break // AT_NULL
  }
  return 4
}

function readAuxv(): Buffer {
  try {
    return readFileSync('/proc/self/auxv')
  } catch {
    return Buffer.alloc(0)
  }
}

/**
 * When the next sample may be taken, the last having cost `costMs`: the walk's cost grows with the machine's
 * processes (about 15 ms for 2,000, bench/local-memory.mjs), so it is kept to a twentieth of the daemon's time;
 * on most machines that is every tick.
 */
export function nextSampleAt(nowMs: number, costMs: number): number {
  return nowMs + 20 * costMs
}

const STAT = Buffer.alloc(4096) // a stat line is a few hundred bytes: one read of it whole

/**
 * /proc/PID/stat read with one open, read and close: half the time of readFileSync (which also stats the file
 * and reads again for the end), and the walk reads one for every process of the machine.
 */
function readStat(path: string): string {
  const fd = openSync(path, 'r')
  try {
    return STAT.toString('latin1', 0, readSync(fd, STAT, 0, STAT.length, 0))
  } finally {
    closeSync(fd)
  }
}

let ownPageKb: number | undefined

/**
 * The resident memory, kB, of each job's processes: those in its process group, while the group is surely
 * the job's. It is while its leader runs (pid and start time match: a group id is never handed out again
 * while its leader lives); once the leader has gone, only the processes that carry the job's PCLUSTER_JOB_ID
 * count (the identity rule of supervisor.ts). One read of every /proc/PID/stat, which holds the group, the
 * start time and the RSS: the cost grows with the machine's processes, once per tick, not once per job.
 */
export function sampleGroups(groups: readonly SampledGroup[], proc = '/proc', page = (ownPageKb ??= pageKb())): Map<string, number> {
  const out = new Map<string, number>()
  if (!groups.length) return out
  const byGroup = new Map(groups.map((g) => [g.pid, g]))
  const members = new Map<number, { pid: string; kb: number }[]>() // pgrp -> its processes
  const leaders = new Set<number>() // groups whose leader was seen with its start time
  let pids: string[]
  try {
    pids = readdirSync(proc).filter((d) => d.charCodeAt(0) <= 57) // the pids: every other name starts with a letter
  } catch {
    return out
  }
  for (const pid of pids) {
    let stat: ReturnType<typeof parseStat>
    try {
      stat = parseStat(readStat(`${proc}/${pid}/stat`))
    } catch { continue } // gone since the listing
    const g = stat && byGroup.get(stat.pgrp)
    if (!g) continue
    if (Number(pid) === g.pid && stat!.start === g.pidStart) leaders.add(g.pid)
    let list = members.get(g.pid)
    if (!list) members.set(g.pid, (list = []))
    list.push({ pid, kb: stat!.rssPages * page })
  }
  for (const [pgrp, list] of members) {
    const g = byGroup.get(pgrp)!
    const mark = `PCLUSTER_JOB_ID=${g.id}\0`
    const ours = (pid: string) => {
      try {
        return readFileSync(`${proc}/${pid}/environ`, 'latin1').includes(mark)
      } catch {
        return false // gone, or not ours to read
      }
    }
    out.set(g.id, list.reduce((kb, p) => kb + (leaders.has(pgrp) || ours(p.pid) ? p.kb : 0), 0))
  }
  return out
}
