// Scheduler calls by command over the last minute and hour, for `pcluster queue --stats`.

export interface CallStats {
  lastMinute: number
  lastHour: number
}

/** When each command ran, kept for an hour: a few thousand numbers at the most a floor of 1 s allows. */
export class CallCounts {
  private readonly times = new Map<string, number[]>()

  add(command: string, at: number): void {
    const list = this.times.get(command)
    if (list) list.push(at)
    else this.times.set(command, [at])
  }

  prune(now: number): void {
    for (const [command, list] of this.times) {
      while (list.length && now - list[0]! >= 3600_000) list.shift()
      if (!list.length) this.times.delete(command)
    }
  }

  stats(now: number): Record<string, CallStats> {
    this.prune(now)
    const out: Record<string, CallStats> = {}
    for (const [command, list] of this.times)
      out[command] = { lastMinute: list.filter((t) => now - t < 60_000).length, lastHour: list.length }
    return out
  }
}
