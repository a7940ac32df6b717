// Numbers in messages with their noun in the right number: `1 file`, `3 files`.

/** `n noun`, the noun plural (`+s`, or as given) unless n is 1. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`
}
