// Function jobs: a JavaScript function shipped as a job. What is shipped is never the function's text but its
// address, a named export of an ES module file, found at submit time (the module's URL from V8 itself, the export
// name from the module's own export statements), so that whatever the function closes over at its module's top
// level is there on the node too, as the node imports the same file. The job runs Node with a small runner
// (carried inside the job script, so pcluster itself need not be reachable from the node) that imports the
// module, calls the export with the arguments and writes the return value beside the job's files; both go by
// v8.serialize (structured clone: Map, Set, Date, BigInt, typed arrays survive; functions are refused at submit).
import { readFileSync, writeFileSync, renameSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { Session } from 'node:inspector'
import { basename, extname } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { deserialize, serialize } from 'node:v8'
import { PclusterError, RemoteError, UsageError } from './errors.js'
import { shellQuote } from './exec.js'

/** A function named by hand: an ES module (path or file: URL) and the name of one of its exports (`default` too). */
export interface FunctionRef {
  module: string
  export: string
}

/** Where a function job's function lives, as the node will import it. */
export interface ShippedFunction {
  /** The module's file: URL. */
  module: string
  export: string
}

/** Set by the runner on the node while it imports the module: a submit then would resubmit from every job. */
export const IMPORTING_ENV = 'PCLUSTER_FUNCTION_IMPORT'

const notShippable = (what: string, hint: string) => new UsageError('NOT_SHIPPABLE', `cannot submit ${what} as a job`, { hint })

const EXPORT_HINT = 'a function job runs a named export of an ES module file: define it at the top level of a .js/.mjs (or .ts, with your loader) ' +
  'file and export it (export function name(...) {...}), or pass { module, export } yourself'

/** The function's definition site, as V8 knows it: its script's URL and line (0-based), or undefined (built-in, bound). */
function functionLocation(fn: Function): { url: string; line: number } | undefined {
  const session = new Session()
  session.connect()
  const urls = new Map<string, string>()
  session.on('Debugger.scriptParsed', (m) => urls.set(m.params.scriptId, m.params.url))
  const key = `__pclusterLocate${process.pid}`
  ;(globalThis as Record<string, unknown>)[key] = fn
  let found: { url: string; line: number } | undefined
  try {
    // an in-process session answers synchronously: every callback below has run when post returns
    session.post('Debugger.enable', () => undefined)
    session.post('Runtime.evaluate', { expression: `globalThis.${key}` }, (err, res) => {
      if (err || !res.result.objectId) return
      session.post('Runtime.getProperties', { objectId: res.result.objectId, ownProperties: true }, (err2, props) => {
        const loc = props?.internalProperties?.find((p) => p.name === '[[FunctionLocation]]')?.value?.value as
          { scriptId: string; lineNumber: number } | undefined
        if (!err2 && loc) found = { url: urls.get(loc.scriptId) ?? '', line: loc.lineNumber }
      })
    })
  } finally {
    delete (globalThis as Record<string, unknown>)[key]
    session.post('Debugger.disable', () => undefined)
    session.disconnect()
  }
  return found
}

/** The 0-based line of the first match of `re` in `text`, or -1. */
function lineOf(text: string, re: RegExp): number {
  const m = re.exec(text)
  return m ? text.slice(0, m.index).split('\n').length - 1 : -1
}

/**
 * The module's exports of functions, export name -> the line its function is defined on, read off its export
 * statements (`export function f`, `export const f =`, `export default function`, `export { a as b }`).
 */
export function exportedFunctions(source: string): Map<string, number> {
  const out = new Map<string, number>()
  const decl = (local: string) => {
    const e = local.replace(/\$/g, '\\$')
    return lineOf(source, new RegExp(`(?<=^|[\\s;])(?:async\\s+)?function\\s*\\*?\\s*${e}\\s*\\(|(?<=^|[\\s;])(?:const|let|var)\\s+${e}\\s*(?::[^=]*)?=`, 'm'))
  }
  for (const m of source.matchAll(/^\s*export\s+(default\s+)?(?:async\s+)?function\s*\*?\s*([\w$]*)\s*\(/gm)) {
    const line = source.slice(0, m.index! + m[0].length).split('\n').length - 1
    if (m[2]) out.set(m[1] ? 'default' : m[2], line)
    else if (m[1]) out.set('default', line)
  }
  for (const m of source.matchAll(/^\s*export\s+(?:const|let|var)\s+([\w$]+)\s*(?::[^=]*)?=/gm))
    out.set(m[1]!, source.slice(0, m.index! + m[0].length).split('\n').length - 1)
  for (const m of source.matchAll(/^\s*export\s*\{([^}]*)\}(?!\s*from)/gm)) {
    for (const part of m[1]!.split(',')) {
      const [local, as] = part.trim().split(/\s+as\s+/)
      if (!local) continue
      const line = decl(local)
      if (line >= 0) out.set((as ?? local).trim(), line)
    }
  }
  for (const m of source.matchAll(/^\s*export\s+default\s+([\w$]+)\s*;?\s*$/gm)) {
    const line = decl(m[1]!)
    if (line >= 0) out.set('default', line)
  }
  return out
}

/**
 * Finds where a function can be imported from on the node, or refuses (a UsageError, at submit time) what
 * cannot be shipped: built-ins and bound functions (no source), functions from eval or the REPL (no file), and
 * functions that are not an export of their module (inner functions, closures made at run time, unexported ones).
 */
export function locateFunction(fn: Function | FunctionRef): ShippedFunction {
  if (typeof fn !== 'function') {
    if (!fn || typeof fn.module !== 'string' || typeof fn.export !== 'string' || !fn.export)
      throw notShippable('this', EXPORT_HINT)
    const module = /^[a-z]+:/.test(fn.module) ? fn.module : pathToFileURL(fn.module).href
    return { module, export: fn.export }
  }
  const what = fn.name ? `function ${fn.name}` : 'an anonymous function'
  const loc = functionLocation(fn)
  if (!loc) throw notShippable(what, `it is built in or bound (it has no source file to import on the node); ${EXPORT_HINT}`)
  if (!loc.url.startsWith('file:'))
    throw notShippable(what, `it was not defined in a module file (${loc.url || 'eval, the REPL or node -e'}); ${EXPORT_HINT}`)
  const path = fileURLToPath(loc.url)
  let source: string
  try {
    source = readFileSync(path, 'utf8')
  } catch (e) {
    throw notShippable(what, `its module ${path} cannot be read: ${(e as Error).message}`)
  }
  const exports = exportedFunctions(source)
  const at = `${path}:${loc.line + 1}`
  // the export defined where V8 says the function is; its own name first when several are on that line
  const here = [...exports].filter(([, line]) => line === loc.line).map(([name]) => name)
  const name = here.find((n) => n === fn.name) ?? (here.length === 1 ? here[0] : undefined)
    // a loader that compiles TypeScript may move lines: then the export of the same name
    ?? (/\.[cm]?tsx?$/.test(path) && fn.name && exports.has(fn.name) ? fn.name : undefined)
  if (name === undefined)
    throw notShippable(`${what} (${at})`, `it is not an export of its module, so the node cannot import it (an inner function or a closure is not ` +
      `reachable from outside); ${EXPORT_HINT}`)
  return { module: loc.url, export: name }
}

/** A readable name for the job: the export's own, or the module's for a default export. */
export function functionJobName(f: ShippedFunction): string {
  if (f.export !== 'default') return f.export
  const path = f.module.startsWith('file:') ? fileURLToPath(f.module) : f.module
  return basename(path, extname(path))
}

/** The arguments as they will travel, refused now (not on the node) when they cannot be cloned. */
export function packArguments(f: ShippedFunction, args: readonly unknown[]): Buffer {
  try {
    return serialize({ module: f.module, export: f.export, args: [...args] })
  } catch (e) {
    throw new UsageError('NOT_SHIPPABLE', `the arguments of ${f.export} cannot be sent to a job: ${(e as Error).message}`, {
      hint: 'arguments travel by structured clone: numbers, strings, booleans, null, arrays, plain objects, Map, Set, Date, BigInt, typed arrays; not functions or symbols',
    })
  }
}

/** The function job's own files, beside its end record: the arguments in, the result (or the error) out. */
export function functionFiles(end: string): { input: string; result: string } {
  const stem = end.replace(/\.end$/, '')
  return { input: `${stem}.fn.in`, result: `${stem}.fn.result` }
}

/** Writes the arguments file (atomically: a job never reads half of it). */
export function writeArguments(path: string, payload: Buffer): void {
  writeFileSync(`${path}.tmp`, payload, { mode: 0o600 })
  renameSync(`${path}.tmp`, path)
}

/**
 * The runner, run by `node --input-type=module -e` on the node: imports the module, calls the export, writes
 * { ok, value } or { ok: false, error } to the result file (atomically), prints an error's stack to stderr and
 * exits non-zero on failure, so that the job is `failed` like any other. It exits as soon as the result is
 * written, so that a handle the function left open (a timer, a server) does not hold the job.
 */
const RUNNER = [
  "import{readFileSync as r,writeFileSync as w,renameSync as m}from'node:fs';import{serialize as s,deserialize as d}from'node:v8'",
  'const[,i,o]=process.argv;const put=(x)=>{w(o+".tmp",s(x));m(o+".tmp",o)}',
  'const fail=(e)=>{const x=e instanceof Error?{name:e.name,message:e.message,stack:String(e.stack??"")}:{name:"Error",message:String(e),stack:""};' +
    'try{put({ok:false,error:x})}finally{process.stderr.write((x.stack||x.name+": "+x.message)+"\\n");process.exit(1)}}',
  'let v;try{const{module:u,export:n,args:a}=d(r(i));' +
    `process.env.${IMPORTING_ENV}="1";const ns=await import(u);delete process.env.${IMPORTING_ENV};` +
    'const f=ns[n];if(typeof f!=="function")throw new TypeError(u+" has no function export "+n+" here");v=await f(...a)}catch(e){fail(e)}',
  'try{put({ok:true,value:v})}catch(e){fail(new TypeError("the result cannot be sent back (structured clone): "+e.message))}',
  'process.exit(0)',
].join(';') // one line: the job script's comment and its eval stay one line each

/** The shell command a function job runs. */
export function functionCommand(node: string, nodeArgs: readonly string[], files: { input: string; result: string }): string {
  return [node, ...nodeArgs, '--input-type=module', '-e', RUNNER, files.input, files.result].map(shellQuote).join(' ')
}

/**
 * The Node flags the node needs to import what this process imports: its loaders (`--import tsx`,
 * `--experimental-strip-types`, ...), and nothing else of this process's flags (never --inspect).
 */
export function loaderArgs(execArgv: readonly string[] = process.execArgv): string[] {
  const out: string[] = []
  const withValue = new Set(['--import', '--loader', '--experimental-loader', '--require', '-r', '--conditions', '-C'])
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i]!
    const flag = a.split('=')[0]!
    if (withValue.has(flag)) {
      if (a.includes('=')) out.push(a)
      else if (i + 1 < execArgv.length) out.push(a, execArgv[++i]!)
    } else if (/^--(experimental-(strip|transform)-types|experimental-detect-module|no-warnings|enable-source-maps)$/.test(flag)) out.push(a)
  }
  return out
}

/** What the runner wrote: the value, or the remote error; undefined when it wrote nothing (it never ran, or was killed). */
export async function readResult(path: string): Promise<{ ok: true; value: unknown } | { ok: false; error: { name: string; message: string; stack: string } } | undefined> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch {
    return undefined
  }
  try {
    return deserialize(bytes)
  } catch (e) {
    throw new PclusterError('BAD_RESULT', `cannot read the result file ${path}: ${(e as Error).message}`,
      { hint: 'it is written by v8.serialize: read it with the same Node version that ran the job' })
  }
}

/** The error a failed function job's get() rejects with: the remote message, and the remote stack beneath ours. */
export function remoteError(job: string, error: { name: string; message: string; stack: string }): RemoteError {
  return new RemoteError(`job ${job}: ${error.name}: ${error.message}`, error)
}
