// What the user hears of jobs the local queue's store lost (its last transactions gone): in the daemon's log
// and from `pcluster local status`.
export function lostNotice(lost: { first: number; last: number }, store: string): string {
  const which = lost.first === lost.last ? `job ${lost.first} was` : `jobs ${lost.first} to ${lost.last} were`
  return `${which} lost from the local queue's store ${store} (its last transactions were gone, as when its -wal file is ` +
    'lost or damaged): their ids are not used again, and each reads as a job whose end is unknown'
}
