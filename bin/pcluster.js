#!/usr/bin/env node
// pcluster's launcher: answers --version before loading anything, else hands over to the CLI (the esbuild
// bundle that `npm run build` makes; the plain tsc output when only tsc has run).
const args = process.argv.slice(2)
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { readFileSync } = await import('node:fs')
  process.stdout.write(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version + '\n')
} else {
  let cli
  try {
    cli = await import('../dist/bundle/main.js')
  } catch (e) {
    if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e
    cli = await import('../dist/src/cli/main.js')
  }
  await cli.main(args)
}
