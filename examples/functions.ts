// Functions the examples run as jobs. A function job runs a named export of a module: the node imports this
// file and calls the export, so keep what runs at import time to definitions (python-cluster's
// `if __name__ == '__main__'` advice, chapter 1.2.3).

/** Counts the words of a text: a Map comes back as a Map. */
export function wordCount(text: string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const w of text.toLowerCase().match(/[a-z']+/g) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1)
  return counts
}

/** Awaited on the node: the job's result is the resolved value. */
export async function slowSquare(x: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 100))
  return x * x
}

/** Throws on the node: get() rejects with this message and stack. */
export function fails(why: string): never {
  throw new Error(why)
}
