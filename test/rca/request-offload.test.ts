import { describe, expect, it } from 'bun:test'
import fc from 'fast-check'
import { fixture, poolHarness } from '../support/pool-harness.ts'
import { alert, json, makeApp, makeDeps, post } from '../support/helpers.ts'

/** A small cascade: payment-db fails, its callers follow. */
const ALERTS = [
  alert('payment-db', 'conn_pool_used', 0, { severity: 'critical', value: 99, threshold: 90 }),
  alert('payment', 'latency_p99_ms', 20),
  alert('checkout', 'error_rate', 45),
  alert('web', 'latency_p99_ms', 70),
]

/** A one-worker pool that answers whole requests. */
const pool = poolHarness({ offload: { maxInFlight: 4 } })

const inlineAnswer = async (body: unknown, env?: Record<string, string>) => {
  const res = await post(makeApp({ env }), '/incident', body)
  return { status: res.status, body: await json(res) }
}

describe('POST /incident answered whole by a worker', () => {
  it('judges a worker by the tasks it has not finished, not by the replies this thread has not read yet', async () => {
    const { p } = pool({ offload: { maxInFlight: 2 } })
    const snapshot = makeDeps().store.current!
    const job = { options: { gapSec: 120, maxHop: 2, method: 'explain' as const }, method: 'graph-only-flag-off', maxAlerts: 100 }
    const body = JSON.stringify({ alerts: ALERTS })
    const answers = [p.offload(body, snapshot, job), p.offload(body, snapshot, job)]
    expect(p.offload(body, snapshot, job)).toBeUndefined() // two unfinished: full
    // Spin without yielding, as a busy main thread does: no reply can be read meanwhile,
    // yet the worker takes more once it has finished one.
    const deadline = Date.now() + 5000
    let third: ReturnType<typeof p.offload>
    while (!third && Date.now() < deadline) third = p.offload(body, snapshot, job)
    expect(third).toBeDefined()
    for (const r of await Promise.all([...answers, third])) expect(JSON.parse(r!.json).clusters.length).toBeGreaterThan(0)
  })

  it('sends the very report the main thread would build, built by a real worker', async () => {
    const { p, seen } = pool()
    const res = await post(makeApp({ offload: p.offload }), '/incident', { alerts: ALERTS })
    expect(res.status).toBe(200)
    expect(await json(res)).toEqual((await inlineAnswer({ alerts: ALERTS })).body)
    // Only the worker's path times a parse phase: proof of where it ran.
    expect(res.headers.get('server-timing')).toContain('parse;dur=')
    expect(seen).toEqual({ inline: 0, worker: 1, fallbacks: [] })
  })

  it('leaves bad input to the main thread, which answers it as always (not counted as a worker failure)', async () => {
    const { p, seen } = pool()
    const app = makeApp({ offload: p.offload })
    for (const body of [{ alerts: [{ ...ALERTS[0], severity: 'loud' }] }, { alerts: [] }, { alerts: [ALERTS[0], ALERTS[0]] }]) {
      const res = await post(app, '/incident', body)
      expect({ status: res.status, body: await json(res) }).toEqual(await inlineAnswer(body))
    }
    const notJson = await post(app, '/incident', '{"alerts": [')
    expect(notJson.status).toBe(400)
    expect(seen.fallbacks).toEqual([])
  })

  it('answers 413 for a batch over AIOPS_MAX_ALERTS, as the main thread does', async () => {
    const { p } = pool()
    const env = { AIOPS_MAX_ALERTS: '2' }
    const res = await post(makeApp({ offload: p.offload, env }), '/incident', { alerts: ALERTS })
    expect({ status: res.status, body: await json(res) }).toEqual(await inlineAnswer({ alerts: ALERTS }, env))
    expect(res.status).toBe(413)
  })

  for (const [name, reason, timeout] of [
    ['crash', 'crash', 5000],
    ['hang', 'timeout', 150],
  ] as const) {
    it(`still answers, on the main thread, when the worker ${name === 'hang' ? 'hangs' : 'crashes'}`, async () => {
      const { p, seen } = pool({ workerUrl: fixture(name), taskTimeoutMs: timeout })
      const res = await post(makeApp({ offload: p.offload }), '/incident', { alerts: ALERTS })
      expect(res.status).toBe(200)
      expect(await json(res)).toEqual((await inlineAnswer({ alerts: ALERTS })).body)
      expect(seen.fallbacks).toEqual([reason])
      expect(p.size()).toBe(1) // replaced
    })
  }

  it('declines at once when every worker is full, when offloading is off, or for a large body', async () => {
    const { p } = pool({ offload: { maxInFlight: 1 } })
    const deps = makeDeps()
    const job = { options: { method: 'explain' as const, gapSec: 120, maxHop: 2 }, method: 'graph-only-flag-off', maxAlerts: 100 }
    const body = JSON.stringify({ alerts: ALERTS })
    const first = p.offload(body, deps.store.current!, job)
    expect(first).toBeDefined()
    expect(p.offload(body, deps.store.current!, job)).toBeUndefined()
    expect((await first)?.clusters).toBeGreaterThan(0)
    expect(pool({ offload: undefined }).p.offload(body, deps.store.current!, job)).toBeUndefined()
    // A body at the head-start size is split by segment instead, never sent whole.
    expect(pool({ headStartMinBytes: body.length }).p.offload(body, deps.store.current!, job)).toBeUndefined()
  })

  it('answers exactly as the main thread does for generated batches with awkward text (frames keep every character)', async () => {
    const { p, seen } = pool()
    const offloaded = makeApp({ offload: p.offload })
    const inline = makeApp()
    // Newlines, frame markers, quotes, escapes, astral and lone surrogates, NUL: in ids, services, metrics, labels.
    const awkward = fc.oneof(
      fc.constantFrom('a\nb', 'R 1 v1 {}\n', 'P 2 3 {}\n{', '"quoted"', 'back\\slash', '🔥', '\ud800', 'e\u0301', '\u0000', 'tab\there'),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
    )
    const anAlert = fc.record({
      service: fc.oneof(fc.constantFrom('payment-db', 'payment', 'checkout', 'web'), awkward),
      metric: fc.oneof(fc.constantFrom('conn_pool_used', 'latency_p99_ms', 'error_rate'), awkward),
      t: fc.integer({ min: 0, max: 600 }),
      label: awkward,
    })
    const sameAnswer = fc.asyncProperty(fc.array(anAlert, { minLength: 1, maxLength: 12 }), fc.boolean(), fc.boolean(), async (specs, breakOne, pretty) => {
      const alerts: Record<string, unknown>[] = specs.map((a, i) => ({ ...alert(a.service, a.metric, a.t, { labels: { pod: a.label } }), id: `${a.label}-${i}` }))
      if (breakOne) alerts[0]!.severity = 'loud' // a 422 must come back the same way too
      const body = pretty ? JSON.stringify({ alerts }, null, 2) : { alerts } // pretty-printed: newlines in the frame's body
      const before = seen.worker
      const [a, b] = await Promise.all([post(offloaded, '/incident', body), post(inline, '/incident', body)])
      expect({ status: a.status, body: await a.text() }).toEqual({ status: b.status, body: await b.text() })
      // A good batch was answered by the worker, not quietly declined and redone here.
      if (!breakOne) expect(seen.worker).toBe(before + 1)
    })
    await fc.assert(sameAnswer, { seed: 20261125, numRuns: 60 })
  })
})
