// A pause that an AbortSignal cuts short (wait --timeout): it resolves either way, and leaves no listener on the
// signal behind, so that a wait of many polls under one signal does not pile them up (Node warns past 10).

/** Resolves after `ms`, or at once when `signal` aborts (or had aborted). */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
  })
}
