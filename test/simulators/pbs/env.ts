// Puts the simulated Torque / PBS Pro (sim.ts) on PATH for a test: a private state folder and `qsub`,
// `qstat`, `qdel`, `qrls` shims that run the compiled simulator with this Node.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const SIM = fileURLToPath(new URL('./sim.js', import.meta.url))

export type SimFlavour = 'torque6' | 'torque4' | 'pbspro' | 'pbspro14'

/** Env additions for a test folder: the simulator's commands first on PATH, its state under `dir`/.pbs-sim. */
export function simEnv(dir: string, flavour: SimFlavour, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const bin = join(dir, '.pbs-sim', 'bin')
  mkdirSync(bin, { recursive: true })
  for (const cmd of ['qsub', 'qstat', 'qdel', 'qrls'])
    writeFileSync(join(bin, cmd), `#!/bin/sh\nexec "${process.execPath}" "${SIM}" ${cmd} "$@"\n`, { mode: 0o755 })
  return { ...base, PATH: `${bin}:${base.PATH ?? ''}`, PBS_SIM_DIR: join(dir, '.pbs-sim', 'state'), PBS_SIM_FLAVOUR: flavour }
}
