// Which batch system owns the `qsub` on PATH: Torque, PBS Pro/OpenPBS or Grid Engine (all three ship one), told
// apart by one `qstat --version` per process, shared by the three backends that ask.
import { onPath, runCommand } from '../../core/exec.js'

export type Flavour = 'torque' | 'pbspro' | 'sge' | 'none'

/**
 * Torque 4.2 … 6.1 print `Version: 6.1.2` (+ `Commit: <sha>`), PBS Pro/OpenPBS `pbs_version = 19.0.0`
 * (fixtures/torque and fixtures/pbspro messages.tsv); Grid Engine's qstat has no --version and answers with usage headed by its name
 * (`SGE 8.1.9`, `GE 6.2u5`, `OGS/GE`, `UGE`).
 */
export function readVersion(text: string): Flavour {
  if (/^\s*pbs_version\s*=/m.test(text)) return 'pbspro'
  if (/^\s*version:\s*\d/im.test(text)) return 'torque'
  if (/\b(SGE|UGE|OGS|GE|Grid ?Engine)\b/.test(text)) return 'sge'
  return 'none'
}

const asked = new Map<string, Promise<Flavour>>()

/** The flavour here: `none` without qsub and qstat on PATH. Asked once per process and PATH. */
export function flavour(): Promise<Flavour> {
  const path = process.env.PATH ?? ''
  let answer = asked.get(path)
  if (!answer) {
    answer = (async (): Promise<Flavour> => {
      if (!(await onPath('qsub')) || !(await onPath('qstat'))) return 'none'
      const res = await runCommand(['qstat', '--version'], { timeoutMs: 10_000 })
      return readVersion(`${res.stdout}\n${res.stderr}`)
    })()
    asked.set(path, answer)
  }
  return answer
}
