// submit's --key and --once: the key a submission carries, if any (core/submitkeys.ts keeps and checks it).
import { UsageError } from '../core/errors.js'

/** --key as given, or with --once one made from what the submission is (`what`) and the current folder. */
export async function submitKey(flags: Record<string, unknown>, what: () => Record<string, unknown>): Promise<string | undefined> {
  if (flags.key !== undefined && flags.once)
    throw new UsageError('KEY_AND_ONCE', '--key and --once both name the submission\'s key', { hint: 'give one: --key K for your own key, --once for one made from the command' })
  if (typeof flags.key === 'string') return flags.key
  if (!flags.once) return undefined
  const { deriveKey } = await import('../core/submitkeys.js')
  const { command, ...options } = what()
  return deriveKey({ command: String(command), options, folder: process.cwd() })
}
