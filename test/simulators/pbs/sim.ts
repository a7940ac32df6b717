// A Torque / PBS Pro simulator for whole-flow tests: `qsub`, `qstat`, `qdel`, `qrls` (and the `mom` that runs a job)
// that run jobs for real on this machine and answer in exactly the shape of the recorded samples in
// test/fixtures/torque and test/fixtures/pbspro. PBS_SIM_FLAVOUR: torque6 (keep_completed 300 s, `<?xml?>` per
// document, a failed afterok parent leaves its child C/271 with a comment), torque4 (keep_completed 0: a
// finished job vanishes at once, empty queue prints nothing, no `<?xml?>`), pbspro (JSON, F with history),
// pbspro14 (PBS Pro 14.1: the same server, but its qstat has no `-F`, which came in 18.1 with openpbs commit
// ded681d, PP-483: getopt refuses it with the usage, exit 2, and `qstat -f` answers in text).
// State: one JSON file per job under PBS_SIM_DIR, changed under a lock by whichever command runs.
import { spawn } from 'node:child_process'
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { hostname, userInfo } from 'node:os'
import { join, resolve } from 'node:path'

type Flavour = 'torque6' | 'torque4' | 'pbspro' | 'pbspro14'
const FLAVOUR = (process.env.PBS_SIM_FLAVOUR ?? 'torque6') as Flavour
const PBSPRO = FLAVOUR === 'pbspro' || FLAVOUR === 'pbspro14'
const DIR = process.env.PBS_SIM_DIR ?? '/tmp/pbs-sim'
const SERVER = process.env.PBS_SIM_SERVER ?? 'simserver.cluster'
const SLOTS = Number(process.env.PBS_SIM_SLOTS ?? 4)
const QUEUES = (process.env.PBS_SIM_QUEUES ?? 'batch').split(',')
const KEEP_COMPLETED = FLAVOUR === 'torque6' ? 300 : 0
const KILL_DELAY_MS = 2000
const USER = process.env.USER || userInfo().username
const now = () => Math.floor(Date.now() / 1000)

interface SimJob {
  seq: number
  id: string
  name: string
  owner: string
  state: string
  holdTypes: string
  /** Parents with the kind of each dependency (afterok, afterany, afternotok). */
  depend: { kind: string; id: string }[]
  script: string
  out: string
  err: string
  workdir: string | undefined
  submitDir: string
  walltime: number | undefined
  resources: Record<string, string>
  begin: number | undefined
  queue: string
  account: string | undefined
  vars: Record<string, string>
  submitArgs: string
  ctime: number
  mtime: number
  start?: number
  comp?: number
  exit?: number
  comment?: string
  pid?: number
  deleted?: boolean
  timedOut?: boolean
  /** qsub -r y|n, -m, -M, -p, -n (Torque): kept as the server keeps them, shown by qstat. */
  rerunable?: string
  mailPoints?: string
  mailUsers?: string
  priority?: number
  exclusive?: boolean
}

// ---- state and lock ----

const jobsDir = join(DIR, 'jobs')
mkdirSync(jobsDir, { recursive: true })
mkdirSync(join(DIR, 'spool'), { recursive: true })
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)

function withLock<T>(fn: () => T): T {
  const lock = join(DIR, 'lock')
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock)
      break
    } catch {
      try { if (Date.now() - statSync(lock).mtimeMs > 10_000) rmSync(lock, { recursive: true, force: true }) } catch { /* gone */ }
      pause(5)
    }
  }
  try {
    return fn()
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

const load = (seq: number): SimJob => JSON.parse(readFileSync(join(jobsDir, `${seq}.json`), 'utf8')) as SimJob
const save = (j: SimJob) => { j.mtime = now(); writeFileSync(join(jobsDir, `${j.seq}.json`), JSON.stringify(j)) }
const all = (): SimJob[] => readdirSync(jobsDir).filter((f) => f.endsWith('.json')).map((f) => load(Number(f.slice(0, -5)))).sort((a, b) => a.seq - b.seq)
const ended = (j: SimJob) => j.state === 'C' || j.state === 'F'
const endedOk = (j: SimJob) => ended(j) && j.exit === 0

/** A job as the server shows it: Torque purges C jobs after keep_completed; PBS Pro keeps F as history. */
function visible(j: SimJob, history: boolean): boolean {
  if (!ended(j)) return true
  if (PBSPRO) return history
  return now() - (j.comp ?? 0) < KEEP_COMPLETED
}

function find(jobs: SimJob[], id: string): SimJob | undefined {
  const m = /^(\d+)(?:\.(.*))?$/.exec(id.trim())
  return m ? jobs.find((j) => j.seq === Number(m[1]) && (!m[2] || m[2] === SERVER)) : undefined
}

/** The depend attribute as the server shows it: `afterok:1.srv@srv:2.srv@srv,afterany:3.srv@srv`. */
function dependText(j: SimJob): string {
  const kinds = [...new Set(j.depend.map((d) => d.kind))]
  return kinds.map((k) => `${k}:${j.depend.filter((d) => d.kind === k).map((d) => `${d.id}@${SERVER}`).join(':')}`).join(',')
}

// ---- the server's loop, run by every command: release dependencies, start what can start ----

function finish(j: SimJob, exit: number | undefined, comment?: string): void {
  j.state = PBSPRO ? 'F' : 'C'
  j.comp = now()
  if (exit !== undefined) j.exit = exit
  if (comment) j.comment = comment
  save(j)
}

function tick(): void {
  withLock(() => {
    for (let changed = true; changed;) {
      changed = false
      const jobs = all()
      for (const j of jobs) {
        if (j.state === 'H' && j.holdTypes === 's') {
          const parents = j.depend.map((d) => ({ kind: d.kind, p: find(jobs, d.id) }))
          // afterok needs an exit 0, afternotok anything else, afterany any end (PBS Pro's qsub man page)
          const satisfied = (kind: string, p: SimJob) => (kind === 'afterok' ? endedOk(p) : kind === 'afternotok' ? ended(p) && !endedOk(p) : ended(p))
          const bad = parents.filter(({ p }) => p && ended(p)).find(({ kind, p }) => !satisfied(kind, p!))?.p
          if (bad) {
            // req_register.c @6.1.3: job_abt with this comment; Torque ≥ 5.1 keeps it C with 271
            finish(j, PBSPRO ? undefined : 271, `Job deleted as result of dependency on job ${bad.id}`)
            changed = true
          } else if (parents.every(({ kind, p }) => p && satisfied(kind, p))) {
            j.state = 'Q'
            j.holdTypes = 'n'
            save(j)
            changed = true
          }
        } else if (j.state === 'W' && (j.begin ?? 0) <= now()) {
          j.state = 'Q'
          save(j)
          changed = true
        }
      }
      let running = jobs.filter((j) => j.state === 'R' || j.state === 'E').length
      for (const j of jobs) {
        if (j.state !== 'Q' || running >= SLOTS) continue
        j.state = 'R'
        j.start = now()
        save(j)
        running++
        const mom = spawn(process.execPath, [process.argv[1]!, 'mom', String(j.seq)], { detached: true, stdio: 'ignore', env: process.env })
        mom.unref()
        changed = true
      }
    }
  })
}

// ---- qsub ----

function parseDuration(v: string): number | undefined {
  const m = /^(?:(?:(\d+):)?(\d+):)?(\d+)(?:\.\d+)?$/.exec(v)
  return m ? Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3]) : undefined
}

/** `[[[[CC]YY]MM]DD]hhmm[.SS]` as qsub -a reads it. */
function parseBegin(v: string): number | undefined {
  const m = /^(\d{4}|\d{6}|\d{8}|\d{10}|\d{12})(?:\.(\d\d))?$/.exec(v)
  if (!m) return undefined
  const d = m[1]!
  const t = new Date()
  const hhmm = d.slice(-4)
  const day = d.length >= 6 ? Number(d.slice(-6, -4)) : t.getDate()
  const month = d.length >= 8 ? Number(d.slice(-8, -6)) - 1 : t.getMonth()
  const year = d.length === 12 ? Number(d.slice(0, 4)) : d.length === 10 ? 2000 + Number(d.slice(0, 2)) : t.getFullYear()
  let at = new Date(year, month, day, Number(hhmm.slice(0, 2)), Number(hhmm.slice(2)), Number(m[2] ?? 0))
  if (d.length === 4 && at.getTime() < Date.now()) at = new Date(at.getTime() + 86400_000)
  return Math.floor(at.getTime() / 1000)
}

function refuse(text: string, code: number): never {
  process.stderr.write(`${text}\n`)
  process.exit(code)
}

/** A server-side refusal in each flavour's words (qsub_functions.c @6.1.3; older Torque and PBS Pro print it bare). */
const submitError = (what: string, msg: string, code: number): never =>
  refuse(PBSPRO ? `qsub: ${what}` : `qsub: submit error (${what}  MSG=${msg})`, code)

function qsub(args: string[]): void {
  const script = args[args.length - 1]
  if (!script || !existsSync(script)) refuse(`qsub: script file:: No such file or directory`, 2)
  const text = readFileSync(script, 'utf8')
  const directives: string[][] = []
  for (const line of text.split('\n').slice(1)) {
    if (line.startsWith('#PBS')) directives.push(line.slice(4).trim().split(/\s+/))
    else if (line.trim() && !line.startsWith('#')) break // qsub stops reading directives at the first command
  }
  directives.push(args.slice(0, -1)) // the command line wins, read last
  const seq = withLock(() => {
    const file = join(DIR, 'next')
    const n = existsSync(file) ? Number(readFileSync(file, 'utf8')) : 100
    writeFileSync(file, String(n + 1))
    return n
  })
  const cwd = process.cwd()
  let hold = false
  const j: SimJob = {
    seq, id: `${seq}.${SERVER}`, name: script.split('/').pop()!, owner: `${USER}@${hostname()}`, state: 'Q', holdTypes: 'n', depend: [],
    script: resolve(script), out: '', err: '', workdir: undefined, submitDir: cwd, walltime: undefined, resources: {}, begin: undefined,
    queue: QUEUES[0]!, account: undefined, vars: {}, submitArgs: args.join(' '), ctime: now(), mtime: now(),
  }
  for (const words of directives) {
    for (let i = 0; i < words.length; i++) {
      const flag = words[i]!
      const v = words[i + 1] ?? ''
      if (!/^-[A-Za-z]$/.test(flag)) continue
      // options without a value: -h a user hold (qsub.1.in @6.1.3, PBS Pro alike), -n node-exclusive (Torque only)
      if (flag === '-h') { hold = true; continue }
      if (flag === '-n' && !PBSPRO) { j.exclusive = true; continue }
      i++
      switch (flag) {
        case '-r':
          if (v !== 'y' && v !== 'n') refuse('qsub: illegal -r value', 2)
          j.rerunable = v === 'y' ? 'True' : 'False'
          break
        case '-m':
          if (!/^(n|[abe]+)$/.test(v)) refuse('qsub: illegal -m value', 2)
          j.mailPoints = v
          break
        case '-M': j.mailUsers = v; break
        case '-p':
          if (!/^-?\d+$/.test(v) || Number(v) < -1024 || Number(v) > 1023) refuse('qsub: illegal -p value', 2)
          j.priority = Number(v)
          break
        case '-N':
          if (PBSPRO ? !/^[A-Za-z0-9._+-]{1,230}$/.test(v) : !/^[\x21-\x7e]{1,256}$/.test(v)) refuse('qsub: illegal -N value', 2)
          j.name = v
          break
        case '-q':
          if (!QUEUES.includes(v)) submitError('Unknown queue', 'requested queue not found', 172)
          j.queue = v
          break
        case '-A': j.account = v; break
        case '-d': j.workdir = resolve(cwd, v); break
        case '-o': j.out = v; break
        case '-e': j.err = v; break
        case '-S': break
        case '-a': {
          const at = parseBegin(v)
          if (at === undefined) refuse('qsub: illegal -a value', 2)
          j.begin = at
          break
        }
        case '-v': for (const kv of v.split(',')) { const [k, ...rest] = kv.split('='); j.vars[k!] = rest.length ? rest.join('=') : process.env[k!] ?? '' } break
        case '-W': {
          const dep = /^depend=((?:afterok|afterany|afternotok):[^,]+(?:,(?:afterok|afterany|afternotok):[^,]+)*)$/.exec(v)
          if (!dep) refuse(`qsub: illegal -W value`, 2)
          for (const part of dep[1]!.split(',')) {
            const [kind, ...ids] = part.split(':')
            j.depend.push(...ids.map((d) => ({ kind: kind!, id: d.includes('.') ? d : `${d}.${SERVER}` })))
          }
          break
        }
        case '-l':
          for (const res of v.split(',')) {
            const [k, val = ''] = res.split(/=(.*)/s)
            if (k === 'walltime') {
              const secs = parseDuration(val)
              if (secs === undefined) submitError('Illegal attribute or resource value', `invalid walltime ${val}`, 168)
              j.walltime = secs
            } else if (k === 'mem' && !/^\d+(b|kb|mb|gb|tb|w)?$/i.test(val)) submitError('Illegal attribute or resource value', `invalid mem ${val}`, 168)
            else if ((k === 'select') !== PBSPRO && (k === 'select' || k === 'nodes')) submitError('Unknown resource type', `${k}`, 189)
            j.resources[k!] = val
          }
          break
        default: refuse(`qsub: invalid option -- '${flag.slice(1)}'`, 2)
      }
    }
  }
  const seqOf = (suffix: string) => resolve(cwd, `${j.name}.${suffix}${seq}`) // NAME.oSEQ in the submit folder
  j.out ||= seqOf('o')
  j.err ||= seqOf('e')
  withLock(() => {
    const jobs = all()
    if (j.depend.length) {
      if (j.depend.some((d) => !find(jobs, d.id))) {
        // the parent is unknown (purged): registration fails and the child gets a user hold (post_doq)
        j.state = 'H'
        j.holdTypes = 'u'
      } else {
        j.state = 'H'
        j.holdTypes = 's'
      }
    } else if (j.begin && j.begin > now()) j.state = 'W'
    if (hold) {
      // a user hold on top of any other: the job waits in H until qrls takes the u away
      j.state = 'H'
      j.holdTypes = j.holdTypes === 'n' ? 'u' : `${j.holdTypes}u`
    }
    save(j)
  })
  process.stdout.write(`${j.id}\n`)
  tick()
}

// ---- the mom: runs one job, enforces its walltime, reports how it ended ----

/** The processors of the job's first node: Torque's from nodes=N:ppn=C (4.0 and later), PBS Pro's from select's ncpus. */
function cpuVariables(j: SimJob): NodeJS.ProcessEnv {
  if (PBSPRO) return { NCPUS: /ncpus=(\d+)/.exec(j.resources.select ?? '')?.[1] ?? '1' }
  const nodes = /^(\d+)/.exec(j.resources.nodes ?? '')?.[1] ?? '1'
  const ppn = /ppn=(\d+)/.exec(j.resources.nodes ?? '')?.[1] ?? '1'
  return { PBS_NUM_NODES: nodes, PBS_NUM_PPN: ppn, PBS_NP: String(Number(nodes) * Number(ppn)) }
}

function mom(seq: number): void {
  const j = load(seq)
  const spoolOut = join(DIR, 'spool', `${seq}.OU`)
  const spoolErr = join(DIR, 'spool', `${seq}.ER`)
  const out = openSync(spoolOut, 'w')
  const err = openSync(spoolErr, 'w')
  const home = process.env.HOME ?? '/'
  const env: NodeJS.ProcessEnv = {
    HOME: home, USER, LOGNAME: USER, PATH: '/usr/local/bin:/usr/bin:/bin', SHELL: '/bin/bash', ...j.vars,
    PBS_JOBID: j.id, PBS_JOBNAME: j.name, PBS_O_WORKDIR: j.submitDir, PBS_O_HOME: home, PBS_O_HOST: hostname(),
    PBS_QUEUE: j.queue, PBS_O_QUEUE: j.queue, PBS_ENVIRONMENT: 'PBS_BATCH', PBS_NODEFILE: '/dev/null', ...cpuVariables(j),
  }
  // Torque starts in -d, else $HOME (qsub.1.in); PBS Pro always in $HOME
  const cwd = !PBSPRO && j.workdir ? j.workdir : home
  const child = spawn('/bin/bash', [j.script], { cwd, env, stdio: ['ignore', out, err], detached: true })
  closeSync(out)
  closeSync(err)
  const deletedMeanwhile = withLock(() => { const now = load(seq); now.pid = process.pid; save(now); return now.deleted })
  let killedBy: 'walltime' | 'qdel' | undefined
  const kill = (why: 'walltime' | 'qdel') => {
    if (killedBy) return
    killedBy = why
    try { process.kill(-child.pid!, 'SIGTERM') } catch { /* gone */ }
    setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL') } catch { /* gone */ } }, KILL_DELAY_MS).unref()
  }
  process.on('SIGTERM', () => kill('qdel'))
  const timer = j.walltime ? setTimeout(() => kill('walltime'), j.walltime * 1000) : undefined
  if (deletedMeanwhile) kill('qdel') // qdel came before the pid was known
  child.on('close', (code, signal) => {
    clearTimeout(timer)
    // exit_status: the shell's code, 256+N for a signal (mom_start.c), -11 walltime (Torque) / -29 (PBS Pro JOB_EXEC_KILL_WALLTIME)
    const signo = signal ? ({ SIGTERM: 15, SIGKILL: 9, SIGINT: 2, SIGHUP: 1 } as Record<string, number>)[signal] ?? 15 : 0
    const exit = killedBy === 'walltime' ? (PBSPRO ? -29 : -11) : signal ? 256 + signo : code ?? 0
    // Torque copies the spooled output to -o/-e when the job ends (not while it runs)
    for (const [from, to] of [[spoolOut, j.out], [spoolErr, j.err]] as const) {
      const path = to.replace(/^[^/:]+:/, '')
      try { if (path !== '/dev/null') copyFileSync(from, path) } catch { /* unwritable: real Torque mails the owner */ }
      rmSync(from, { force: true })
    }
    withLock(() => {
      const now = load(seq)
      now.pid = undefined
      finish(now, exit, killedBy === 'walltime' ? 'Job exceeded its walltime limit' : undefined)
    })
    tick()
    process.exit(0)
  })
}

// ---- qstat ----

const esc = (v: string) => v.replace(/</g, '\x0e') // values unescaped, `<` as byte 14 (MXMLSetVal)
/** ctime(3), as PBS Pro prints times (`Tue Apr  9 15:01:47 2013`, fixture qstat-f-pbspro-mycluster-Q-R-H.txt). */
const ctimeStr = (t: number) => {
  const [day, month, date, year, time] = new Date(t * 1000).toString().split(' ')
  return `${day} ${month} ${String(Number(date)).padStart(2, ' ')} ${time} ${year}`
}

function torqueXml(j: SimJob): string {
  const el = (k: string, v: string | number | undefined) => (v === undefined ? '' : `<${k}>${typeof v === 'string' ? esc(v) : v}</${k}>`)
  const started = j.start !== undefined
  const res = Object.entries(j.resources).map(([k, v]) => el(k, v)).join('')
  return '<Job>' + el('Job_Id', j.id) + el('Job_Name', j.name) + el('Job_Owner', j.owner)
    + (started ? `<resources_used><cput>00:00:00</cput><energy_used>0</energy_used><mem>1024kb</mem><vmem>2048kb</vmem><walltime>00:00:0${Math.min(9, now() - j.start!)}</walltime></resources_used>` : '')
    + el('job_state', j.state) + el('queue', j.queue) + el('server', SERVER) + el('Account_Name', j.account) + el('Checkpoint', 'u')
    + el('ctime', j.ctime) + el('depend', j.depend.length ? dependText(j) : undefined)
    + el('Error_Path', `${hostname()}:${j.err}`) + (started ? el('exec_host', `${hostname()}/0`) : '')
    + el('execution_time', j.begin) + el('Hold_Types', j.holdTypes) + el('Join_Path', 'n') + el('Keep_Files', 'n')
    + el('Mail_Points', j.mailPoints ?? 'a') + (j.mailUsers ? el('Mail_Users', j.mailUsers) : '') + el('mtime', j.mtime)
    + el('Output_Path', `${hostname()}:${j.out}`) + el('Priority', j.priority ?? 0)
    + el('qtime', j.ctime) + el('Rerunable', j.rerunable ?? 'True') + `<Resource_List>${res}<nodect>1</nodect></Resource_List>`
    + (started ? el('session_id', j.pid ?? 0) : '') + el('Shell_Path_List', '/bin/bash')
    // raw, as -v and PBS_O_* reach it: commas, `&`, a control character
    + el('Variable_List', `PBS_O_QUEUE=${j.queue},PBS_O_HOME=${process.env.HOME},PBS_O_WORKDIR=${j.submitDir},PBS_O_HOST=${hostname()},${Object.entries(j.vars).map(([k, v]) => `${k}=${v}`).join(',')}SIM_TERM=\x1b[0m&more`)
    + el('euser', USER) + el('egroup', USER) + el('queue_type', 'E') + el('comment', j.comment) + el('etime', j.ctime)
    + el('exit_status', j.exit) + el('submit_args', j.submitArgs) + el('start_time', j.start)
    + (j.state === 'R' && j.walltime ? `<Walltime><Remaining>${Math.max(0, j.walltime - (now() - j.start!))}</Remaining></Walltime>` : '')
    + el('start_count', started ? 1 : 0) + el('fault_tolerant', 'False') + el('comp_time', j.comp)
    + (j.comp && j.start ? el('total_runtime', `${j.comp - j.start}.000000`) : '') + el('job_radix', 0) + el('submit_host', hostname())
    + el('init_work_dir', j.workdir ?? j.submitDir) + el('request_version', 1) + '</Job>'
}

function pbsproJson(j: SimJob): Record<string, unknown> {
  const job: Record<string, unknown> = {
    Job_Name: j.name, Job_Owner: j.owner, job_state: j.state, queue: j.queue, server: SERVER, Checkpoint: 'u', ctime: ctimeStr(j.ctime),
    Error_Path: `${hostname()}:${j.err}`, ...(j.start !== undefined ? { exec_host: `${hostname()}/0`, exec_vnode: `(${hostname()}:ncpus=1)` } : {}),
    Hold_Types: j.holdTypes, Join_Path: 'n', Keep_Files: 'n', Mail_Points: j.mailPoints ?? 'a', ...(j.mailUsers ? { Mail_Users: j.mailUsers } : {}),
    mtime: ctimeStr(j.mtime), Output_Path: `${hostname()}:${j.out}`,
    Priority: j.priority ?? 0, qtime: ctimeStr(j.ctime), Rerunable: j.rerunable ?? 'True',
    Resource_List: { ncpus: Number(/ncpus=(\d+)/.exec(j.resources.select ?? '')?.[1] ?? 1), nodect: 1, place: 'pack', select: j.resources.select ?? '1:ncpus=1', ...(j.walltime ? { walltime: j.resources.walltime } : {}) },
    ...(j.depend.length ? { depend: dependText(j) } : {}),
    ...(j.start !== undefined ? { stime: ctimeStr(j.start) } : {}), ...(j.comment ? { comment: j.comment } : {}),
    Variable_List: { PBS_O_HOME: process.env.HOME, PBS_O_WORKDIR: j.submitDir, PBS_O_QUEUE: j.queue, ...j.vars },
    euser: USER, egroup: USER, queue_type: 'E', etime: ctimeStr(j.ctime), Submit_arguments: j.submitArgs, project: '_pbs_project_default',
    ...(j.exit !== undefined ? { Exit_status: j.exit } : {}), ...(j.comp ? { obittime: ctimeStr(j.comp) } : {}),
  }
  return job
}

/** PBS Pro 14.1's usage, printed by qstat.c (openpbs v14.1.0) after getopt's own complaint. */
const USAGE_14 = `usage: 
qstat [-f] [-J] [-p] [-t] [-x] [ job_identifier... | destination... ]
qstat [-a|-i|-r|-H|-T] [-J] [-t] [-u user] [-n] [-s] [-G|-M] [-1] [-w]
\t[ job_identifier... | destination... ]
qstat -Q [-f] [ destination... ]
qstat -q [-G|-M] [ destination... ]
qstat -B [-f] [ server_name... ]
       qstat --version
`

/**
 * `qstat -f` text as prt_attr writes it (fixture qstat-f-pbspro-mycluster-Q-R-H.txt): `    name = value`,
 * resources as `Resource_List.select`, lines wrapped at 79 columns, continued by a tab and 71 more, a list
 * (Variable_List) broken after its commas where it can be; a blank line after each job.
 */
function pbsText(id: string, job: Record<string, unknown>): string {
  const lines = [`Job Id: ${id}`]
  const put = (name: string, value: string) => {
    let line = `    ${name} = `
    let room = 79
    let fresh = true
    const flush = () => { lines.push(line); line = '\t'; room = 72; fresh = true }
    for (let part of value.split(/(?<=,)/)) {
      if (!fresh && line.length + part.length > room && part.length <= 71) flush()
      while (line.length + part.length > room) {
        const fit = room - line.length
        line += part.slice(0, fit)
        part = part.slice(fit)
        flush()
      }
      line += part
      fresh = false
    }
    if (line !== '\t') lines.push(line)
  }
  for (const [k, v] of Object.entries(job)) {
    if (k === 'Variable_List') put(k, Object.entries(v as Record<string, unknown>).map(([a, b]) => `${a}=${String(b)}`).join(','))
    else if (v && typeof v === 'object') for (const [r, x] of Object.entries(v)) put(`${k}.${r}`, String(x))
    else put(k, String(v))
  }
  return `${lines.join('\n')}\n\n`
}

function qstat(args: string[]): void {
  if (args.includes('--version')) {
    process.stdout.write(FLAVOUR === 'pbspro14' ? 'pbs_version = 14.1.0\n' : PBSPRO ? 'pbs_version = 19.0.0\n'
      : FLAVOUR === 'torque4' ? 'Version: 4.2.10\n' : 'Version: 6.1.2\nCommit: 661e092552de43a785c15d39a3634a541d86898e\n')
    return
  }
  if (FLAVOUR === 'pbspro14' && args.some((a) => a.startsWith('-F'))) {
    process.stderr.write(`qstat: invalid option -- 'F'\n${USAGE_14}`)
    process.exitCode = 2
    return
  }
  tick()
  const flags = new Set(args.filter((a) => a.startsWith('-')))
  const uIndex = args.indexOf('-u')
  const user = uIndex >= 0 ? args[uIndex + 1] : undefined
  const fIndex = args.indexOf('-F')
  const operands = args.filter((a, i) => !a.startsWith('-') && i !== uIndex + 1 && i !== fIndex + 1)
  const jobs = all()
  const errors: string[] = []
  let code = 0
  if (PBSPRO) {
    const history = flags.has('-x')
    const picked: SimJob[] = []
    for (const id of operands) {
      const j = find(jobs, id)
      if (!j) { errors.push(`qstat: Unknown Job Id ${id}`); code ||= 153 } else if (!visible(j, history)) { errors.push(`qstat: ${j.id} Job has finished, use -x or -H to obtain historical job information`); code ||= 35 } else picked.push(j)
    }
    const list = operands.length ? picked : jobs.filter((j) => visible(j, history))
    if (!flags.has('-F')) process.stdout.write(list.map((j) => pbsText(j.id, pbsproJson(j))).join(''))
    else {
      const doc: Record<string, unknown> = { timestamp: now(), pbs_version: '19.0.0', pbs_server: SERVER }
      if (list.length) doc.Jobs = Object.fromEntries(list.map((j) => [j.id, pbsproJson(j)]))
      process.stdout.write(`${JSON.stringify(doc, null, 4).replace(/": /g, '":')}\n`)
    }
  } else {
    const decl = FLAVOUR === 'torque6' ? '<?xml version="1.0"?>\n' : ''
    const mine = (j: SimJob) => !user || j.owner.split('@')[0] === user
    if (operands.length) {
      // one document per id (display_statjob per operand); unknown ids on stderr after all output
      for (const id of operands) {
        const j = find(jobs, id)
        if (!j || !visible(j, false)) { errors.push(`qstat: Unknown Job Id Error ${id}`); code ||= 153 } else process.stdout.write(`${decl}<Data>${torqueXml(j)}</Data>\n`)
      }
    } else {
      const list = jobs.filter((j) => visible(j, false) && mine(j))
      if (list.length || FLAVOUR === 'torque6') process.stdout.write(`${decl}<Data>${list.map(torqueXml).join('')}</Data>\n`)
    }
  }
  for (const e of errors) process.stderr.write(`${e}\n`)
  process.exitCode = code
}

// ---- qdel ----

function qdel(ids: string[]): void {
  let code = 0
  const signal: number[] = []
  withLock(() => {
    const jobs = all()
    for (const id of ids) {
      const j = find(jobs, id)
      if (!j || !visible(j, true) || (!PBSPRO && !visible(j, false))) {
        process.stderr.write(PBSPRO ? `qdel: Unknown Job Id ${id}\n` : `qdel: nonexistent job id: ${id}\n`)
        code ||= 153
      } else if (ended(j)) {
        process.stderr.write(PBSPRO ? 'qdel: Job has finished\n' : `qdel: Request invalid for state of job MSG=invalid state for job - COMPLETE ${id}\n`)
        code ||= PBSPRO ? 35 : 170
      } else if (j.state === 'R') {
        j.deleted = true
        save(j)
        if (j.pid) signal.push(j.pid)
      } else finish(j, undefined) // deleted while queued: no exit_status (req_delete.c)
    }
  })
  for (const pid of signal) try { process.kill(pid, 'SIGTERM') } catch { /* ended meanwhile */ }
  tick()
  process.exitCode = code
}

// ---- qrls ----

/** Takes the user hold (-h) away; an unknown id answered in qdel's words (assumed: no recorded sample of qrls). */
function qrls(ids: string[]): void {
  let code = 0
  withLock(() => {
    const jobs = all()
    for (const id of ids) {
      const j = find(jobs, id)
      if (!j || ended(j) || !visible(j, false)) {
        process.stderr.write(PBSPRO ? `qrls: Unknown Job Id ${id}\n` : `qrls: nonexistent job id: ${id}\n`)
        code ||= 153
        continue
      }
      if (!j.holdTypes.includes('u')) continue
      j.holdTypes = j.holdTypes.replace('u', '') || 'n'
      if (j.holdTypes === 'n') j.state = j.begin && j.begin > now() ? 'W' : 'Q'
      save(j)
    }
  })
  tick()
  process.exitCode = code
}

const [command, ...rest] = process.argv.slice(2)
if (command === 'qsub') qsub(rest)
else if (command === 'qstat') qstat(rest)
else if (command === 'qdel') qdel(rest)
else if (command === 'qrls') qrls(rest)
else if (command === 'mom') mom(Number(rest[0]))
else refuse(`pbs-sim: unknown command ${command}`, 2)
