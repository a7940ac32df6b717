#!/usr/bin/env node
// pcluster's launcher: answers --version before loading anything, else hands over to the CLI.
const args = process.argv.slice(2)
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { readFileSync } = await import('node:fs')
  process.stdout.write(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version + '\n')
} else {
  const { main } = await import('../dist/src/cli/main.js')
  await main(args)
}
