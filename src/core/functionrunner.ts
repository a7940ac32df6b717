// The function job's runner, carried in the job script, and its result file: what the node writes (the value, what
// was thrown with all its fields, or how the process ended without either) and how the caller reads it back into
// get()'s value or the error it rejects with.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { PclusterError, RemoteError, type RemoteFailure } from './errors.js'
import { shellQuote } from './exec.js'

const load = createRequire(import.meta.url)
const v8 = () => load('node:v8') as typeof import('node:v8')

/** Set by the runner on the node while it imports the module: a submit then would resubmit from every job. */
export const IMPORTING_ENV = 'PCLUSTER_FUNCTION_IMPORT'

/** How the runner's process ended when the function neither returned nor threw. */
export interface Ended {
  /** The process's exit code. */
  exitCode: number
  /** The function (or the module) called process.exit itself. */
  called: boolean
  /** Node found nothing left to do while a promise was awaited (its exit 13): that promise never settled. */
  unsettled: boolean
  /** Where the runner was: importing the module, or awaiting the function. */
  stage: 'import' | 'call'
}

/** What the runner wrote. */
export type FunctionOutcome = { ok: true; value: unknown } | { ok: false; error: RemoteFailure } | { ok: false; ended: Ended }

/**
 * The runner, run by `node --input-type=module -e` on the node. It checks that the module is the one submitted
 * (its sha256), imports it, calls the export, and writes one FunctionOutcome to the result file (atomically):
 * the value; or what was thrown (an Error's name, message, stack and every own enumerable field, `cause` too;
 * a thrown non-Error as itself), its stack on stderr, exit 1; or, from the 'exit' event, how the process ended
 * without either (process.exit called, or exit 13: Node's word for a top-level await that can never settle).
 * An error thrown later from a timer or a dropped promise fails the job the same way. It exits as soon as the
 * result is written, so that a handle the function left open (a timer, a server) does not hold the job.
 */
const RUNNER = [
  "import{readFileSync as r,writeFileSync as w,renameSync as m}from'node:fs';import{serialize as s,deserialize as d}from'node:v8'",
  "import{inspect as q}from'node:util';import{createHash as H}from'node:crypto';import{fileURLToPath as P}from'node:url'",
  'const[,i,o]=process.argv;const X=process.exit.bind(process);let done=0,called=0,stage="import"',
  'process.exit=(c)=>{called=1;return X(c)}',
  'const put=(x)=>{w(o+".tmp",s(x));m(o+".tmp",o);done=1}',
  'const keep=(v)=>{try{s(v);return v}catch{return q(v,{depth:3,breakLength:Infinity})}}',
  'const own=(e)=>{const f={};for(const k of Object.keys(e))if(k!=="name"&&k!=="message"&&k!=="stack")f[k]=keep(e[k]);' +
    'if(e instanceof Error&&"cause"in e)f.cause=keep(e.cause);return f}',
  'const fail=(e)=>{const b=e!==null&&(typeof e==="object"||typeof e==="function");' +
    'const x=e instanceof Error?{...own(e),name:String(e.name),message:String(e.message),stack:String(e.stack??"")}' +
    ':{...(b?own(e):{}),name:"thrown "+(b?(e.constructor?.name||"object"):typeof e),message:q(e,{depth:3,breakLength:Infinity}),stack:"",value:keep(e)};' +
    'try{put({ok:false,error:x})}finally{process.stderr.write((x.stack||x.name+": "+x.message)+"\\n");X(1)}}',
  'process.on("uncaughtException",fail)',
  'process.on("exit",(c)=>{if(done)return;const u=!called&&process.exitCode===13;try{put({ok:false,ended:{exitCode:u?13:c,called:!!called,unsettled:u,stage}})}catch{}})',
  'let v;try{const{module:u,export:n,args:a,sha256:h}=d(r(i));' +
    'if(h&&u.startsWith("file:")){const f=P(u);if(H("sha256").update(r(f)).digest("hex")!==h)throw Object.assign(new Error(f+" changed since the job was submitted: ' +
    'the job would run code that was not submitted, so it did not run"),{code:"MODULE_CHANGED",hint:"submit the job again to run the module as it is now"})}' +
    `process.env.${IMPORTING_ENV}="1";const ns=await import(u);delete process.env.${IMPORTING_ENV};` +
    'const f=ns[n];if(typeof f!=="function")throw new TypeError(u+" has no function export "+n+" here");stage="call";v=await f(...a)}catch(e){fail(e)}',
  'try{put({ok:true,value:v})}catch(e){fail(new TypeError("the result cannot be sent back (structured clone): "+e.message))}',
  'X(0)',
].join(';') // one line: the job script's comment and its eval stay one line each

/** The shell command a function job runs. */
export function functionCommand(node: string, nodeArgs: readonly string[], files: { input: string; result: string }): string {
  return [node, ...nodeArgs, '--input-type=module', '-e', RUNNER, files.input, files.result].map(shellQuote).join(' ')
}

/** What the runner wrote; undefined when it wrote nothing (it never ran, or was killed). */
export async function readResult(path: string): Promise<FunctionOutcome | undefined> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch {
    return undefined
  }
  try {
    return v8().deserialize(bytes)
  } catch (e) {
    throw new PclusterError('BAD_RESULT', `cannot read the result file ${path}: ${(e as Error).message}`,
      { hint: 'it is written by v8.serialize: read it with the same Node version that ran the job' })
  }
}

/** How a job that ended without a result ended, in words. */
function endedWords(e: Ended): string {
  const during = e.stage === 'import' ? 'its module was being imported' : 'the function ran'
  if (e.unsettled) return e.stage === 'import'
    ? "its module's top-level await never settled (Node exited 13: nothing was left to do while it waited)"
    : 'the promise it returned never settled (Node exited 13: nothing was left to do while it waited on it)'
  if (e.called) return `process.exit(${e.exitCode}) was called while ${during}`
  return `the process exited with code ${e.exitCode} while ${during}`
}

/**
 * The error get() rejects with when a function job has no value: a RemoteError for what the function threw (its
 * fields in `remote`, a pcluster error's hint as the hint), a PclusterError NO_RESULT saying how it ended
 * otherwise. `exitCode` is the job's exit code (as the batch system recorded it, else as the runner saw it).
 */
export function failureOf(job: string, got: Exclude<FunctionOutcome, { ok: true }> | undefined,
  how: { state: string; reason?: string; exitCode?: number | null; stderr: string }): PclusterError {
  const jobCode = typeof how.exitCode === 'number' ? how.exitCode : undefined
  if (got && 'error' in got) {
    const hint = typeof got.error.hint === 'string' ? got.error.hint : undefined
    return new RemoteError(`job ${job}: ${got.error.name}: ${got.error.message}`, got.error, { exitCode: jobCode ?? 1, ...(hint ? { hint } : {}) })
  }
  const tail = how.stderr.trim() ? `its stderr ends: ${how.stderr.trim().split('\n').slice(-3).join(' | ')}` : undefined
  if (got) return new PclusterError('NO_RESULT', `function job ${job} ended without a result: ${endedWords(got.ended)}`,
    { exitCode: jobCode ?? got.ended.exitCode, ...(tail ? { hint: tail } : {}) })
  return new PclusterError('NO_RESULT', `function job ${job} ended ${how.state} with no result${how.reason ? `: ${how.reason}` : ''}`,
    { exitCode: jobCode ?? 1, ...(tail ? { hint: tail } : {}) })
}
