// A node:test reporter that writes one line per skipped test or suite, with why, for test/run.sh to print
// after node's own closing summary (which says how many were skipped, not which or why).

interface Event {
  type: string
  data: { name: string; skip?: boolean | string; file?: string }
}

export default async function* skipped(source: AsyncIterable<Event>): AsyncGenerator<string> {
  for await (const { type, data } of source) {
    if ((type === 'test:pass' || type === 'test:fail') && data.skip)
      yield `skipped: ${data.name}: ${data.skip === true ? 'no reason given' : data.skip}\n`
  }
}
