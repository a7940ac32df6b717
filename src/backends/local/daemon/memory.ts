// The resident memory of the jobs the daemon runs, as Slurm's jobacct_gather/linux polls it: one walk of /proc
// for all of them, each job's processes found by its process group, their RSS summed (shared pages counted in
// every process that maps them, as Slurm counts them unless told to use PSS).
import { readdirSync, readFileSync } from 'node:fs'

/** A job whose memory is sampled: its process group (the leader's pid) and the leader's start time. */
export interface SampledGroup {
  id: string
  pid: number
  /** /proc/PID/stat field 22 of the leader, as stored at start: a pid alone can be reused. */
  pidStart: string | null
}

/** The fields of /proc/PID/stat a sample needs; undefined when the text is not one. */
export function parseStat(text: string): { pgrp: number; start: string } | undefined {
  // the name (field 2) is in parentheses and may hold spaces and ')': the fields after the last ')' are plain
  const close = text.lastIndexOf(')')
  if (close < 0) return undefined
  const f = text.slice(close + 2).split(' ') // state ppid pgrp session tty_nr tpgid flags ... starttime (f[19])
  const pgrp = Number(f[2])
  return Number.isInteger(pgrp) && f[19] !== undefined ? { pgrp, start: f[19] } : undefined
}

/** Resident memory in kB from /proc/PID/status (VmRSS); 0 for a process with none (a zombie, a kernel thread). */
export function parseVmRss(text: string): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(text)
  return m ? Number(m[1]) : 0
}

/**
 * The resident memory, kB, of each job's processes: those in its process group, while the group is surely
 * the job's. It is while its leader runs (pid and start time match: a group id is never handed out again
 * while its leader lives); once the leader has gone, only the processes that carry the job's PCLUSTER_JOB_ID
 * count (the identity rule of supervisor.ts). One read of every /proc/PID/stat, then one of /proc/PID/status
 * per process of a job: the cost grows with the machine's processes, once per tick, not once per job.
 */
export function sampleGroups(groups: readonly SampledGroup[], proc = '/proc'): Map<string, number> {
  const out = new Map<string, number>()
  if (!groups.length) return out
  const byGroup = new Map(groups.map((g) => [g.pid, g]))
  const members = new Map<number, number[]>() // pgrp -> pids in it
  const leaders = new Set<number>() // groups whose leader was seen with its start time
  let pids: string[]
  try {
    pids = readdirSync(proc).filter((d) => /^\d+$/.test(d))
  } catch {
    return out
  }
  for (const name of pids) {
    let stat: ReturnType<typeof parseStat>
    try {
      stat = parseStat(readFileSync(`${proc}/${name}/stat`, 'latin1'))
    } catch { continue } // gone since the listing
    const g = stat && byGroup.get(stat.pgrp)
    if (!g) continue
    const pid = Number(name)
    if (pid === g.pid && stat!.start === g.pidStart) leaders.add(pid)
    let list = members.get(g.pid)
    if (!list) members.set(g.pid, (list = []))
    list.push(pid)
  }
  for (const [pgrp, pids] of members) {
    const g = byGroup.get(pgrp)!
    const mark = `PCLUSTER_JOB_ID=${g.id}\0`
    let kb = 0
    for (const pid of pids) {
      try {
        if (!leaders.has(pgrp) && !readFileSync(`${proc}/${pid}/environ`, 'latin1').includes(mark)) continue
        kb += parseVmRss(readFileSync(`${proc}/${pid}/status`, 'latin1'))
      } catch { /* gone, or not ours to read */ }
    }
    out.set(g.id, kb)
  }
  return out
}
