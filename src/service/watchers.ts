// The connections waiting on jobs (`watch`): each gets every new state of its jobs pushed, then `end`.
import type { Socket } from 'node:net'
import { isFinal } from '../core/states.js'
import type { Response } from './protocol.js'
import type { StoredJob } from './store.js'
import { toStatus } from './view.js'

interface Watch {
  ids: readonly string[]
  socket: Socket
}

const send = (socket: Socket, msg: Response) => { if (!socket.destroyed) socket.write(JSON.stringify(msg) + '\n') }

export class Watchers {
  private readonly watches = new Set<Watch>()

  constructor(private readonly get: (id: string) => StoredJob | undefined) {}

  /** Sends the jobs' states now; keeps watching unless all have ended (or none is known). */
  add(ids: readonly string[], socket: Socket): void {
    const known = ids.map(this.get).filter((j): j is StoredJob => !!j)
    for (const j of known) send(socket, { type: 'state', job: toStatus(j) })
    if (known.every((j) => isFinal(j.state))) return send(socket, { type: 'end', jobs: known.map(toStatus) })
    this.watches.add({ ids, socket })
  }

  drop(socket: Socket): void {
    for (const w of this.watches) if (w.socket === socket) this.watches.delete(w)
  }

  /** Pushes these jobs' new states to their watchers; ends a watch when all its jobs have ended. */
  changed(ids: readonly string[]): void {
    if (!ids.length || !this.watches.size) return
    for (const w of [...this.watches]) {
      const mine = ids.filter((id) => w.ids.includes(id))
      if (!mine.length) continue
      for (const id of mine) send(w.socket, { type: 'state', job: toStatus(this.get(id)!) })
      const all = w.ids.map(this.get).filter((j): j is StoredJob => !!j)
      if (all.every((j) => isFinal(j.state))) {
        send(w.socket, { type: 'end', jobs: all.map(toStatus) })
        this.watches.delete(w)
      }
    }
  }
}
