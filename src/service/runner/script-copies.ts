// The copies of submit-file scripts the daemon runs, as Slurm keeps its own copy of a batch script: written at
// submit (so that editing the file later does not change the job), dropped once the job has ended.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, sep } from 'node:path'

/** The folder of the copies, in the daemon's own (0700) folder. */
export const copiesDir = (stateDir: string) => join(stateDir, 'scripts')

/** Writes the copy for job `id`, executable by the user alone; returns its path. */
export function keepCopy(stateDir: string, id: string, text: string): string {
  const dir = copiesDir(stateDir)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const path = join(dir, `${id}.sh`)
  writeFileSync(path, text, { mode: 0o700 })
  return path
}

/** Removes a job's copy, when its script is one (never a script the user wrote). */
export function dropCopy(stateDir: string, script: string): void {
  if (script.startsWith(copiesDir(stateDir) + sep)) rmSync(script, { force: true })
}
