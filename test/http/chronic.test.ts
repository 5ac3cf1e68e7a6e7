import { describe, expect, it } from 'bun:test'
import { Registry } from 'prom-client'
import { ChronicService } from '../../src/incident/chronic-service.ts'
import { createMetrics } from '../../src/metrics.ts'
import type { WorkerPool } from '../../src/workers/pool.ts'
import { alert, incidentWorkerPool, makeApp, post } from '../support/helpers.ts'

const HOUR_SEC = 3600
// search's cpu fires in every batch, whatever else happens; web is slow, on a different pod each time (a new fingerprint).
const batch = (hour: number) => {
  const t = hour * HOUR_SEC
  return [
    alert('search', 'cpu_util', t, { id: `s-${hour}-0`, value: 3, threshold: 1, labels: { pod: 'p0' } }),
    alert('search', 'cpu_util', t + 30, { id: `s-${hour}-1`, value: 3, threshold: 1, labels: { pod: 'p0' } }),
    alert('web', 'latency_p99_ms', t + 10, { id: `w-${hour}-0`, value: 3, threshold: 1, labels: { pod: `web-${hour}` } }),
    alert('web', 'latency_p99_ms', t + 40, { id: `w-${hour}-1`, value: 3, threshold: 1, labels: { pod: `web-${hour}` } }),
  ]
}
const BATCHES = 30
const text = async (res: Response | Promise<Response>) => (await res).text()
const searchScore = (body: string) =>
  (JSON.parse(body).root_cause.candidates as Array<{ service: string; score: number }>).find((c) => c.service === 'search')?.score ?? 0
const withPool = async <T>(run: (pool: WorkerPool, seen: { inline: number; worker: number }) => Promise<T>): Promise<T> => {
  const { pool, seen } = incidentWorkerPool()
  try {
    return await run(pool, seen)
  } finally {
    await pool.terminate()
  }
}

describe('chronic-alert baseline in the service (AIOPS_CHRONIC=on)', () => {
  it('a fresh service answers byte for byte as one without a baseline, until it has seen enough batches', async () => {
    const plain = makeApp()
    const chronic = makeApp({ chronic: new ChronicService({ refreshMs: 0 }) })
    for (let h = 0; h < 5; h++)
      expect(await text(post(chronic, '/incident', { alerts: batch(h) }))).toBe(await text(post(plain, '/incident', { alerts: batch(h) })))
  })

  it('discounts a fingerprint that fires in most batches, inline, says so, and counts what it tracks', async () => {
    const metrics = createMetrics(new Registry())
    const app = makeApp({ chronic: new ChronicService({ refreshMs: 0 }), metrics })
    const first = await text(post(app, '/incident', { alerts: batch(0) }))
    for (let h = 1; h < BATCHES; h++) await post(app, '/incident', { alerts: batch(h) })
    const later = await text(post(app, '/incident', { alerts: batch(BATCHES) }))
    expect(searchScore(later)).toBeLessThan(searchScore(first))
    expect(JSON.parse(later).root_cause.evidence.reasons).toContain('chronic alerts count less: cpu_util')
    expect(first).not.toContain('chronic')
    // search's cpu and one web pod per batch, the last one included (observed after it was answered).
    expect((await metrics.registry.getSingleMetric('aiops_chronic_fingerprints')!.get()).values[0]!.value).toBe(BATCHES + 2)
  })

  it('learns from POST /alertmanager too', async () => {
    const app = makeApp({ chronic: new ChronicService({ refreshMs: 0 }) })
    const webhook = (hour: number) => ({
      version: '4',
      status: 'firing',
      alerts: batch(hour).map((a) => ({
        status: 'firing',
        labels: { alertname: a.metric, service: a.service, severity: a.severity, ...a.labels },
        annotations: { value: String(a.value), threshold: String(a.threshold) },
        startsAt: new Date(Number(a.ts) * 1000).toISOString(),
      })),
    })
    for (let h = 0; h < BATCHES; h++) expect((await post(app, '/alertmanager', webhook(h))).status).toBe(200)
    const later = await text(post(app, '/alertmanager', webhook(BATCHES)))
    expect(later).toContain('chronic alerts count less: cpu_util')
  })

  it('discounts it through a worker too, with the same answer as the main thread', async () => {
    const inline = makeApp({ chronic: new ChronicService({ refreshMs: 0 }) })
    const answers = await withPool(async (pool, seen) => {
      const app = makeApp({ chronic: new ChronicService({ refreshMs: 0 }), pool })
      for (let h = 0; h < BATCHES; h++) {
        await post(app, '/incident', { alerts: batch(h) })
        await post(inline, '/incident', { alerts: batch(h) })
      }
      const before = seen.worker
      const fromWorker = await text(post(app, '/incident', { alerts: batch(BATCHES) }))
      expect(seen.worker).toBe(before + 1)
      return { fromWorker, fromMain: await text(post(inline, '/incident', { alerts: batch(BATCHES) })) }
    })
    expect(JSON.parse(answers.fromWorker).root_cause.evidence.reasons).toContain('chronic alerts count less: cpu_util')
    expect(answers.fromWorker).toBe(answers.fromMain)
  })

  it('ships a new table to the workers only when it is rebuilt (at most every refreshMs)', async () => {
    let now = 0
    const chronic = new ChronicService({ refreshMs: 5_000, now: () => now })
    await withPool(async (pool) => {
      const app = makeApp({ chronic, pool })
      for (let h = 0; h < BATCHES; h++) await post(app, '/incident', { alerts: batch(h) })
      // The first table was built at the first request, before anything was learnt; no time has passed since.
      expect(await text(post(app, '/incident', { alerts: batch(BATCHES) }))).not.toContain('chronic')
      now += 5_000
      expect(await text(post(app, '/incident', { alerts: batch(BATCHES + 1) }))).toContain('chronic alerts count less: cpu_util')
    })
  })
})
