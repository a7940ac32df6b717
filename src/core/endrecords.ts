// The end records of jobs being waited on: a stat each, no scheduler call, so that most ends are seen without a poll.
import { stat } from 'node:fs/promises'
import type { LedgerEntry } from './ledger.js'
import { pause } from './pause.js'

/**
 * The end records of the jobs being waited on that pcluster submitted: a job writes its own the moment it ends,
 * so a stat each tick notices an end within a tick, where the scheduler poll backs off to 30 s. On a shared
 * filesystem the attribute cache may hide a new file for a few seconds; the poll is the fallback.
 */
export class EndRecords {
  private readonly paths = new Map<string, string>()
  private readonly written = new Set<string>()

  constructor(ids: readonly string[], ledger: Map<string, LedgerEntry>, private readonly baseTickMs: number) {
    this.add(ids, ledger)
  }

  /** How often to look: stretched so that at most ~200 files are looked at a second, whatever the number of jobs. */
  get tickMs(): number {
    return Math.max(this.baseTickMs, this.paths.size * 5)
  }

  /** Watches the end records of more jobs (those pcluster submitted: the ledger says where each writes its own). */
  add(ids: readonly string[], ledger: Map<string, LedgerEntry>): void {
    for (const id of ids) {
      const end = ledger.get(id)?.end
      // a path still holding a pattern (%j) is not one the job writes under that name
      if (end && !end.includes('%')) this.paths.set(id, end)
    }
  }

  /** Stops watching a job's end record. */
  forget(id: string): void {
    this.paths.delete(id)
    this.written.delete(id)
  }

  /** Whether some job among `open` has an end record still to appear: looking is then worth a stat a tick. */
  awaited(open: ReadonlySet<string>): boolean {
    return [...open].some((id) => this.paths.has(id) && !this.written.has(id))
  }

  /** Whether the job's end record has been seen. */
  wrote(id: string): boolean {
    return this.written.has(id)
  }

  /** Looks once; true when a job among `among` (default: all) wrote its end record since the last look. */
  async seen(among?: ReadonlySet<string>): Promise<boolean> {
    const looks = [...this.paths].filter(([id]) => !this.written.has(id) && (!among || among.has(id)))
    const found = await Promise.all(looks.map(([id, path]) => stat(path).then(() => id, () => undefined)))
    const fresh = found.filter((id) => id !== undefined)
    for (const id of fresh) this.written.add(id)
    return fresh.length > 0
  }

  /** Sleeps `ms`, looking every tick; returns early (true) when a job among `open` wrote its end record. */
  async until(ms: number, open: ReadonlySet<string>, signal?: AbortSignal): Promise<boolean> {
    if (!this.awaited(open)) {
      await pause(ms, signal)
      return false
    }
    for (const deadline = Date.now() + ms; Date.now() < deadline && !signal?.aborted;) {
      await pause(Math.min(this.tickMs, deadline - Date.now()), signal)
      if (await this.seen(open)) return true
    }
    return false
  }
}
