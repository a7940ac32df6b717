#!/usr/bin/env node
'use strict'
// pcluster's launcher. pcluster is started hundreds of times from bash loops, so start-up is most of its cost:
// - --version is answered before anything is loaded;
// - the CLI is one CommonJS bundle (dist/bundle/main.cjs, made by `npm run build`), loaded without node's ESM
//   loader (about 5 ms a start on Node 20) and compiled with V8's code cache (dist/bundle/main.cjs.*.v8cache,
//   written by the build): Node 20 has no compile cache of its own, and compiling the bundle was the largest
//   part of a submit's own time. A cache V8 rejects (another Node) is ignored and written anew after the
//   command ran; the cache's name carries the bundle's size and time, so it never meets another bundle.
// - without the bundle (only tsc has run) the plain tsc output is used.
const args = process.argv.slice(2)
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(require('../package.json').version + '\n')
} else {
  const cli = loadBundle()
  if (cli) cli.main(args).then(cli.saveCache)
  else import('../dist/src/cli/main.js').then((m) => m.main(args))
}

/** The bundle's main() through the code cache, and a function that writes the cache when it was missing or stale. */
function loadBundle() {
  const fs = require('node:fs')
  const path = require('node:path')
  const vm = require('node:vm')
  const file = path.join(__dirname, '..', 'dist', 'bundle', 'main.cjs')
  let stat
  try {
    stat = fs.statSync(file)
  } catch {
    return undefined
  }
  const cachePath = `${file}.${stat.size}-${Math.trunc(stat.mtimeMs)}.v8cache`
  let cachedData
  try {
    cachedData = fs.readFileSync(cachePath)
  } catch { /* none yet */ }
  // the same wrapper node gives a CommonJS module, on the bundle's first line so that stack lines stay true
  const source = `(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(file, 'utf8')}\n})`
  const script = new vm.Script(source, { filename: file, cachedData })
  const mod = { exports: {} }
  script.runInThisContext()(mod.exports, require('node:module').createRequire(file), mod, file, path.dirname(file))
  const write = process.env.PCLUSTER_CODE_CACHE === 'write' || !cachedData || script.cachedDataRejected
  return {
    main: mod.exports.main,
    // after the command, so that what it compiled is in the cache; a folder we cannot write to is fine
    saveCache() {
      if (!write) return
      const tmp = `${cachePath}.${process.pid}.tmp`
      try {
        fs.writeFileSync(tmp, script.createCachedData())
        fs.renameSync(tmp, cachePath)
      } catch {
        try { fs.unlinkSync(tmp) } catch { /* never written */ }
      }
    },
  }
}
