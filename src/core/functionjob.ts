// Function jobs: a JavaScript function shipped as a job. What is shipped is never the function's text but its
// address, a named export of an ES module file, found at submit time (the module's URL and the function's line and
// column from V8 itself, the export defined at that very place from the module's own export statements, and the
// module's export of that name checked to be the very function), so that whatever the function closes over at its
// module's top level is there on the node too, as the node imports the same file (checked by its sha256 there).
// The job runs Node with a small runner (functionrunner.ts) that imports the module, calls the export with the
// arguments and writes what came of it beside the job's files; both go by v8.serialize (structured clone: Map,
// Set, Date, BigInt, typed arrays survive; functions are refused at submit, class instances said to arrive plain).
import { readFileSync, writeFileSync, renameSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, extname } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

// node:inspector, node:v8 and node:crypto cost ~1.5 ms each to load, on every submit if imported here at the top:
// only function jobs need them, so they are required when one is made
const load = createRequire(import.meta.url)
const v8 = () => load('node:v8') as typeof import('node:v8')
const inspector = () => load('node:inspector') as typeof import('node:inspector')
const sha256 = (bytes: Buffer | string) => (load('node:crypto') as typeof import('node:crypto')).createHash('sha256').update(bytes).digest('hex')
import { UsageError } from './errors.js'

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
  /** The sha256 of the module's file at submit (absent where it could not be read here): the node refuses another. */
  sha256?: string
}

const notShippable = (what: string, hint: string) => new UsageError('NOT_SHIPPABLE', `cannot submit ${what} as a job`, { hint })

const EXPORT_HINT = 'a function job runs a named export of an ES module file: define it at the top level of a .js/.mjs (or .ts, with your loader) ' +
  'file and export it under its own name (export function name(...) {...}), or pass { module, export } yourself'

/** Where V8 says a function was defined: its script's URL, and the 0-based line and column its definition starts at. */
interface Place {
  url: string
  line: number
  column: number
}

/** The function's definition site, as V8 knows it, or undefined (built-in, bound). */
function functionLocation(fn: Function): Place | undefined {
  const session = new (inspector().Session)()
  session.connect()
  const urls = new Map<string, string>()
  session.on('Debugger.scriptParsed', (m) => urls.set(m.params.scriptId, m.params.url))
  const key = `__pclusterLocate${process.pid}`
  ;(globalThis as Record<string, unknown>)[key] = fn
  let found: Place | undefined
  try {
    // an in-process session answers synchronously: every callback below has run when post returns
    session.post('Debugger.enable', () => undefined)
    session.post('Runtime.evaluate', { expression: `globalThis.${key}` }, (err, res) => {
      if (err || !res.result.objectId) return
      session.post('Runtime.getProperties', { objectId: res.result.objectId, ownProperties: true }, (err2, props) => {
        const loc = props?.internalProperties?.find((p) => p.name === '[[FunctionLocation]]')?.value?.value as
          { scriptId: string; lineNumber: number; columnNumber: number } | undefined
        if (!err2 && loc) found = { url: urls.get(loc.scriptId) ?? '', line: loc.lineNumber, column: loc.columnNumber }
      })
    })
  } finally {
    delete (globalThis as Record<string, unknown>)[key]
    session.post('Debugger.disable', () => undefined)
    session.disconnect()
  }
  return found
}

/** The 0-based line and column of an offset in `text`. */
function placeOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  return { line: before.split('\n').length - 1, column: offset - before.lastIndexOf('\n') - 1 }
}

/**
 * Where V8 places a function whose definition is the value text at `at`: a `function` expression at its parameter
 * list's `(`, an arrow function where it starts (`async`, `(` or its one parameter). -1 when no function starts there.
 */
function valueStart(source: string, at: number): number {
  const rest = source.slice(at)
  const lead = /^\s*/.exec(rest)![0].length
  const fn = /^(?:async\s+)?function\b\s*\*?\s*[\w$]*\s*\(/.exec(rest.slice(lead))
  if (fn) return at + lead + fn[0].length - 1
  return /^(?:async\b|\(|[\w$]+\s*=>)/.test(rest.slice(lead)) ? at + lead : -1
}

/**
 * The module's exports of functions, export name -> the line and column V8 gives its function, read off its export
 * statements (`export function f`, `export const f =`, `export default function`, `export { a as b }`,
 * `export default f`). A function declaration is placed at its parameter list's `(`, as V8 places it.
 */
export function exportedFunctions(source: string): Map<string, { line: number; column: number }> {
  const out = new Map<string, { line: number; column: number }>()
  const set = (name: string, offset: number) => { if (offset >= 0) out.set(name, placeOf(source, offset)) }
  const decl = (local: string) => {
    const e = local.replace(/\$/g, '\\$')
    const f = new RegExp(`(?<=^|[\\s;])(?:async\\s+)?function\\s*\\*?\\s*${e}\\s*\\(`, 'm').exec(source)
    if (f) return f.index + f[0].length - 1
    const v = new RegExp(`(?<=^|[\\s;])(?:const|let|var)\\s+${e}\\s*(?::[^=]*)?=(?!>)`, 'm').exec(source)
    return v ? valueStart(source, v.index + v[0].length) : -1
  }
  for (const m of source.matchAll(/^\s*export\s+(default\s+)?(?:async\s+)?function\s*\*?\s*([\w$]*)\s*\(/gm)) {
    if (m[2] || m[1]) set(m[1] ? 'default' : m[2]!, m.index! + m[0].length - 1)
  }
  for (const m of source.matchAll(/^\s*export\s+(?:const|let|var)\s+([\w$]+)\s*(?::[^=]*)?=(?!>)/gm))
    set(m[1]!, valueStart(source, m.index! + m[0].length))
  for (const m of source.matchAll(/^\s*export\s*\{([^}]*)\}(?!\s*from)/gm)) {
    for (const part of m[1]!.split(',')) {
      const [local, as] = part.trim().split(/\s+as\s+/)
      if (local) set((as ?? local).trim(), decl(local))
    }
  }
  for (const m of source.matchAll(/^\s*export\s+default\s+([\w$]+)\s*;?\s*$/gm)) set('default', decl(m[1]!))
  for (const m of source.matchAll(/^\s*export\s+default\s+(?=async\b|\(|[\w$]+\s*=>)/gm)) set('default', valueStart(source, m.index! + m[0].length))
  return out
}

/**
 * Finds where a function can be imported from on the node, or refuses (a UsageError, at submit time) what
 * cannot be shipped: built-ins and bound functions (no source), functions from eval or the REPL (no file), and
 * functions that are not an export of their module (inner functions, closures made at run time, methods of an
 * exported object, functions hung on an exported one, unexported ones). The export is the one whose function
 * V8 places at the function's own line and column; where a loader moved the code (TypeScript), the export of
 * the function's own name. Either way confirmFunction checks it is the very function before anything is written.
 */
export function locateFunction(fn: Function | FunctionRef): ShippedFunction {
  if (typeof fn !== 'function') {
    if (!fn || typeof fn.module !== 'string' || typeof fn.export !== 'string' || !fn.export)
      throw notShippable('this', EXPORT_HINT)
    const module = /^[a-z]+:/.test(fn.module) ? fn.module : pathToFileURL(fn.module).href
    let hash: string | undefined
    try {
      if (module.startsWith('file:')) hash = sha256(readFileSync(fileURLToPath(module)))
    } catch {
      // named by hand for the node: it may not be readable here, and then it is not checked there
    }
    return { module, export: fn.export, ...(hash ? { sha256: hash } : {}) }
  }
  const what = fn.name ? `function ${fn.name}` : 'an anonymous function'
  const loc = functionLocation(fn)
  if (!loc) throw notShippable(what, `it is built in or bound (it has no source file to import on the node); ${EXPORT_HINT}`)
  if (!loc.url.startsWith('file:'))
    throw notShippable(what, `it was not defined in a module file (${loc.url || 'eval, the REPL or node -e'}); ${EXPORT_HINT}`)
  const path = fileURLToPath(loc.url)
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch (e) {
    throw notShippable(what, `its module ${path} cannot be read: ${(e as Error).message}`)
  }
  const exports = exportedFunctions(bytes.toString('utf8'))
  const at = `${path}:${loc.line + 1}:${loc.column + 1}`
  // the export whose function starts exactly where this one does; its own name first when several name it
  const here = [...exports].filter(([, p]) => p.line === loc.line && p.column === loc.column).map(([name]) => name)
  const name = here.find((n) => n === fn.name) ?? here[0]
    // a loader that compiles TypeScript moves lines and columns: then the export of the same name (confirmed later)
    ?? (/\.[cm]?tsx?$/.test(path) && fn.name && exports.has(fn.name) ? fn.name : undefined)
  if (name === undefined)
    throw notShippable(`${what} (${at})`, `no export statement of its module defines a function at that place, so which export the node ` +
      `should call cannot be told for sure (an inner function, a closure made by another function, a method of an exported object or a ` +
      `function hung on an exported one is not an export of its own); ${EXPORT_HINT}`)
  return { module: loc.url, export: name, sha256: sha256(bytes) }
}

/**
 * Refuses a function whose export, as this process imports its module (already loaded: nothing runs again), is
 * not the very function asked for: what the node would call is another function.
 */
export async function confirmFunction(fn: Function, shipped: ShippedFunction): Promise<void> {
  let ns: Record<string, unknown>
  try {
    ns = await import(shipped.module)
  } catch (e) {
    throw notShippable(`function ${fn.name || '(anonymous)'}`, `its module ${shipped.module} cannot be imported to check its export: ${(e as Error).message}`)
  }
  if (ns[shipped.export] === fn) return
  const same = Object.keys(ns).find((k) => ns[k] === fn)
  throw notShippable(fn.name ? `function ${fn.name}` : 'an anonymous function', `the export '${shipped.export}' of ${shipped.module} is another function` +
    (same ? `; this one is its export '${same}': pass { module: '${shipped.module}', export: '${same}' }`
      : `, and no export of that module is this one, so the node cannot import it; ${EXPORT_HINT}`))
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
    return v8().serialize({ module: f.module, export: f.export, args: [...args], ...(f.sha256 ? { sha256: f.sha256 } : {}) })
  } catch (e) {
    throw new UsageError('NOT_SHIPPABLE', `the arguments of ${f.export} cannot be sent to a job: ${(e as Error).message}`, {
      hint: 'arguments travel by structured clone: numbers, strings, booleans, null, arrays, plain objects, Map, Set, Date, BigInt, typed arrays; not functions or symbols',
    })
  }
}

/** Prototypes whose instances structured clone keeps as what they are. */
function keptPrototypes(): Set<unknown> {
  const kept: unknown[] = [Object.prototype, null, Array.prototype, Map.prototype, Set.prototype, Date.prototype, RegExp.prototype,
    ArrayBuffer.prototype, DataView.prototype, Boolean.prototype, Number.prototype, String.prototype, BigInt.prototype,
    Error.prototype, EvalError.prototype, RangeError.prototype, ReferenceError.prototype, SyntaxError.prototype, TypeError.prototype, URIError.prototype]
  for (const T of [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array,
    BigInt64Array, BigUint64Array]) kept.push(T.prototype)
  if (typeof SharedArrayBuffer === 'function') kept.push(SharedArrayBuffer.prototype)
  return new Set(kept)
}

/**
 * Where the arguments hold an instance of a class that structured clone turns into a plain object (its prototype,
 * so its methods and getters, do not travel): `args[0].point (Point)`, one per class, looked for a few levels deep.
 */
export function classInstances(args: readonly unknown[], maxDepth = 4): string[] {
  const kept = keptPrototypes()
  const found = new Map<string, string>()
  const seen = new Set<object>()
  let budget = 10_000
  const walk = (v: unknown, path: string, depth: number): void => {
    if (v === null || typeof v !== 'object' || seen.has(v) || budget-- <= 0) return
    seen.add(v)
    const proto = Object.getPrototypeOf(v)
    if (!kept.has(proto)) {
      const name = (proto?.constructor as { name?: string } | undefined)?.name || 'an anonymous class'
      if (!found.has(name)) found.set(name, `${path} (${name})`)
      return
    }
    if (depth >= maxDepth || ArrayBuffer.isView(v)) return
    if (v instanceof Map) {
      let i = 0
      for (const [k, x] of v) { walk(k, `${path} entry ${i} key`, depth + 1); walk(x, `${path} entry ${i++} value`, depth + 1) }
    } else if (v instanceof Set) {
      let i = 0
      for (const x of v) walk(x, `${path} item ${i++}`, depth + 1)
    } else {
      for (const [k, x] of Object.entries(v)) walk(x, Array.isArray(v) ? `${path}[${k}]` : `${path}.${k}`, depth + 1)
    }
  }
  args.forEach((a, i) => walk(a, `args[${i}]`, 0))
  return [...found.values()]
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
