// `pcluster completion bash|zsh|fish`: prints the shell's completion script, rendered from the subcommands
// and flags main.ts declares and the option registry (completion/spec.ts), so it never falls behind them.
import type { Command } from 'commander'
import { bashScript } from './completion/bash.js'
import { fishScript } from './completion/fish.js'
import { completionSpec } from './completion/spec.js'
import { zshScript } from './completion/zsh.js'
import { out } from './output.js'

const SHELLS = { bash: bashScript, zsh: zshScript, fish: fishScript } as const

/** The script for a shell, from the program main.ts builds. */
export function completionScript(shell: keyof typeof SHELLS, program: Command): string {
  return SHELLS[shell](completionSpec(program))
}

export async function run(shell: keyof typeof SHELLS, program: Command): Promise<void> {
  out(completionScript(shell, program))
}
