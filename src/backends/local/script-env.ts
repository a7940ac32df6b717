// The batch system's own variables a submit-file script reads (SLURM_JOB_ID, JOB_ID, PBS_JOBID...), which the
// local queue sets as that system would: Slurm's, Grid Engine's or PBS's, by the directives the script is written with.
import { hostname } from 'node:os'

/** The batch system a script is written for, by its directive prefix. */
export type ScriptFlavour = 'slurm' | 'sge' | 'pbs'

const PREFIXES: readonly [string, ScriptFlavour][] = [['#SBATCH', 'slurm'], ['#$', 'sge'], ['#PBS', 'pbs']]

/** The prefix each flavour's directive lines begin with, for messages. */
export const PREFIX: Record<ScriptFlavour, string> = { slurm: '#SBATCH', sge: '#$', pbs: '#PBS' }

/**
 * The flavour of the first directive line before the script's first command (where each system stops reading
 * them); Slurm's when it has none, as the local queue's submit-file is sbatch's (outputs slurm-%j.out).
 */
export function scriptFlavour(text: string): ScriptFlavour {
  for (const line of text.split('\n')) {
    const trimmed = line.trim()
    if (trimmed && !trimmed.startsWith('#')) break
    const found = PREFIXES.find(([prefix]) => line.startsWith(prefix))
    if (found) return found[1]
  }
  return 'slurm'
}

/** What the submitter knows: where it submitted from (sbatch's and qsub's working folder at submit), and this host. */
export function submitVariables(flavour: ScriptFlavour, submitDir: string): Record<string, string> {
  const host = hostname()
  switch (flavour) {
    case 'slurm': return { SLURM_SUBMIT_DIR: submitDir, SLURM_SUBMIT_HOST: host }
    case 'sge': return { SGE_O_WORKDIR: submitDir, SGE_O_HOST: host }
    case 'pbs': return { PBS_O_WORKDIR: submitDir, PBS_O_HOST: host }
  }
}

/** What the daemon knows as it starts the job: its id, and the name, cores and memory (MB) it runs with. */
export interface RunningJob {
  id: string
  name: string
  cores: number
  mem: number | null
}

/**
 * The job's own variables, as each system sets them for a job of one task on one node. Left out on purpose: the
 * ones MPI launchers take for an allocation of that system (Open MPI: SLURM_JOBID, PBS_ENVIRONMENT, SGE_ROOT
 * with PE_HOSTFILE), whose mpirun would then call srun or the PBS task manager, neither of which is here.
 * Arrays (once the local queue runs them) add the task's index: SLURM_ARRAY_TASK_ID, SGE_TASK_ID, PBS_ARRAYID.
 */
export function jobVariables(flavour: ScriptFlavour, job: RunningJob): Record<string, string> {
  const cores = String(job.cores)
  switch (flavour) {
    case 'slurm': return {
      SLURM_JOB_ID: job.id, SLURM_JOB_NAME: job.name, SLURM_CPUS_PER_TASK: cores, SLURM_CPUS_ON_NODE: cores, SLURM_NTASKS: '1',
      SLURM_JOB_NUM_NODES: '1', SLURM_NNODES: '1', ...(job.mem ? { SLURM_MEM_PER_NODE: String(job.mem) } : {}),
    }
    // SGE's word for a job that is not an array's task (qsub(1) "SGE_TASK_ID")
    case 'sge': return { JOB_ID: job.id, JOB_NAME: job.name, NSLOTS: cores, NHOSTS: '1', SGE_TASK_ID: 'undefined' }
    // Torque's (PBS_NP, PBS_NUM_PPN, PBS_NUM_NODES) and PBS Pro's (NCPUS) both: one script may meet either
    case 'pbs': return { PBS_JOBID: job.id, PBS_JOBNAME: job.name, PBS_NP: cores, PBS_NUM_PPN: cores, PBS_NUM_NODES: '1', NCPUS: cores }
  }
}
