/**
 * `bun bench/perf/hostile-bodies.ts`: what hostile or oversized bodies cost the
 * alert routes, through app.handle (no network): a valid 20 000-alert batch,
 * the same batch with its last alert bad (422), 100 000 nested "[" (400),
 * and a chunked body over AIOPS_MAX_BODY_BYTES (413). Median of 5 runs each.
 */
import { makeApp, req } from '../../test/support/helpers.ts'

const app = makeApp()
const alert = (i: number) => ({
  id: `a${i}`,
  ts: 1_780_000_000 + i,
  service: `svc-${i % 50}`,
  metric: 'cpu_util',
  severity: 'warning',
  value: 1,
  threshold: 1,
  labels: { pod: `p${i}`, zone: 'z' },
})
const valid = Array.from({ length: 20_000 }, (_, i) => alert(i))
const lastBad = valid.map((a, i) => (i === valid.length - 1 ? { ...a, severity: 'urgent' } : a))
const stream = (text: string) => new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode(text)), c.close()) })

const cases: Array<[string, () => string | ReadableStream]> = [
  ['20 000 valid alerts', () => JSON.stringify({ alerts: valid })],
  ['20 000 alerts, last one bad', () => JSON.stringify({ alerts: lastBad })],
  ['100 000 nested [', () => '['.repeat(100_000) + ']'.repeat(100_000)],
  ['11 MiB chunked', () => stream(JSON.stringify({ alerts: [alert(0)], pad: 'x'.repeat(11 * 1024 * 1024) }))],
]

for (const [name, body] of cases) {
  const ms: number[] = []
  let status = 0
  for (let k = 0; k < 6; k++) {
    const t = performance.now()
    const res = await req(app, '/incident', { method: 'POST', body: body() })
    await res.arrayBuffer()
    status = res.status
    if (k > 0) ms.push(performance.now() - t) // the first run warms the JIT
  }
  ms.sort((a, b) => a - b)
  console.log(`${name.padEnd(28)} ${status}  median ${ms[2]!.toFixed(0)} ms`)
}
