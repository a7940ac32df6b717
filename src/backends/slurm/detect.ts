// Whether Slurm is the batch system here: sbatch on PATH and a configuration it can find. The client
// package alone (a workstation, or a machine where the project's own test Slurm runs under its own config
// folder) answers every command with "Could not establish a configuration source" (22.05): that is not a
// Slurm to submit to, so detection moves on (to the local queue), saying why.
import { existsSync } from 'node:fs'
import { onPath, runCommand } from '../../core/exec.js'
import { notify } from '../../core/notices.js'

/** Where Slurm's commands find their configuration without asking anything (slurm.conf(5), configless mode's cache). */
export const CONFIG_FILES = ['/etc/slurm/slurm.conf', '/etc/slurm-llnl/slurm.conf', '/usr/local/etc/slurm.conf', '/run/slurm/conf/slurm.conf',
  '/var/spool/slurmd/conf-cache/slurm.conf']

export async function detect(): Promise<boolean> {
  if (!(await onPath('sbatch'))) return false
  if (process.env.SLURM_CONF || CONFIG_FILES.some((f) => existsSync(f))) return true
  // no file we know of: a configless site finds its controller through DNS; one quick question tells
  const res = await runCommand(['sinfo', '-h', '-o', '%P'], { timeoutMs: 10_000 })
  if (!/Could not establish a configuration source/i.test(res.stderr)) return true
  notify("note: Slurm's commands are installed here but find no configuration: not using Slurm (--qtype slurm insists; SLURM_CONF points at a slurm.conf)")
  return false
}
