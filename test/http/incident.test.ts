import { describe, expect, it } from 'bun:test'
import { GraphStore } from '../../src/graph/store.ts'
import type { WorkerPool } from '../../src/workers/pool.ts'
import { cascade } from '../support/fixtures/cascade.ts'
import { alert, incidentWorkerPool, makeApp, post, json } from '../support/helpers.ts'

describe('POST /incident', () => {
  it('answers 200 with every contract field for a valid batch', async () => {
    const res = await post(makeApp(), '/incident', { alerts: cascade() })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-response-time-ms')).toMatch(/^\d+(\.\d+)?$/)
    const body = await json(res)
    expect(body.clusters).toHaveLength(1)
    const c = body.clusters[0]
    for (const f of ['cluster_id', 'alert_ids', 'services', 'alert_count', 'start_ts', 'end_ts', 'root_cause']) expect(c).toHaveProperty(f)
    expect(c.cluster_id).toMatch(/^c-[0-9a-f]{16}$/)
    expect(body.root_cause.service).toBe('payment-db')
    expect(body.root_cause.confidence).toBeGreaterThan(0)
    expect(body.root_cause.confidence).toBeLessThanOrEqual(1)
    expect(body.root_cause.method).toBe('graph-only-flag-off')
    expect(body.root_cause.candidates.length).toBeGreaterThanOrEqual(3)
    expect(body.similar_incidents[0].id).toBe('INC-1')
    // the explanation: how the fault climbed, and why this root won
    expect(c.root_cause.evidence.paths).toEqual([['payment-db', 'payment', 'checkout', 'web']])
    expect(c.root_cause.evidence.reasons.join(' ')).toContain('explains 4/4 alerting services')
    expect(body.recommended_actions.length).toBeGreaterThan(0)
  })

  it('gives the same cluster ids when the same alerts are sent again in another order', async () => {
    const app = makeApp()
    const alerts = cascade()
    const a = await json(post(app, '/incident', { alerts }))
    const b = await json(post(app, '/incident', { alerts: [...alerts].reverse() }))
    expect(b.clusters[0].cluster_id).toBe(a.clusters[0].cluster_id)
  })

  it('returns 400 for an empty alert list', async () => {
    const res = await post(makeApp(), '/incident', { alerts: [] })
    expect(res.status).toBe(400)
    expect((await json(res)).message).toContain('at least one')
  })

  it('returns 400 for malformed JSON', async () => {
    const res = await post(makeApp(), '/incident', '{"alerts": [')
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toContain('application/json')
  })

  const bad: Array<[string, (a: Record<string, unknown>) => void, string]> = [
    // each row: what is wrong, how to break alert 1 of 2, the field the 422 must name
    ['unknown severity', (a) => (a.severity = 'urgent'), 'alerts.1.severity'],
    ['value is a string', (a) => (a.value = 'high'), 'alerts.1.value'],
    ['missing service', (a) => delete a.service, 'alerts.1.service'],
    ['timestamp that is not a date', (a) => (a.ts = 'yesterday'), 'alerts.1.ts'],
    ['labels with a number value', (a) => (a.labels = { pod: 3 }), 'alerts.1.labels'],
  ]
  for (const [name, breakIt, field] of bad) {
    it(`returns 422 naming ${field} when ${name}`, async () => {
      const alerts = cascade().slice(0, 2) as unknown as Record<string, unknown>[]
      breakIt(alerts[1]!)
      const res = await post(makeApp(), '/incident', { alerts })
      expect(res.status).toBe(422)
      const body = await json(res)
      expect(body.field ?? body.message).toContain(field)
    })
  }

  it('returns 422 for a duplicate alert id', async () => {
    const [a, b] = cascade()
    const res = await post(makeApp(), '/incident', { alerts: [a, { ...b!, id: a!.id }] })
    expect(res.status).toBe(422)
    expect((await json(res)).field).toBe('alerts.1.id')
  })

  for (const [name, headers] of [
    ['no content type', {}],
    ['text/plain', { 'content-type': 'text/plain' }],
  ] as const) {
    it(`accepts JSON sent with ${name}`, async () => {
      const res = await post(makeApp(), '/incident', { alerts: cascade() }, headers)
      expect(res.status).toBe(200)
    })
  }

  for (const body of ['null', '[]', '"x"', '{}', '{"alerts": {}}']) {
    it(`answers ${body} with a JSON 4xx, never 500`, async () => {
      const res = await post(makeApp(), '/incident', body)
      expect(res.status).toBeGreaterThanOrEqual(400)
      expect(res.status).toBeLessThan(500)
      expect(res.headers.get('content-type')).toContain('application/json')
    })
  }

  it('returns 413 when the batch has more alerts than AIOPS_MAX_ALERTS', async () => {
    const res = await post(makeApp({ env: { AIOPS_MAX_ALERTS: '2' } }), '/incident', { alerts: cascade() })
    expect(res.status).toBe(413)
    expect((await json(res)).message).toContain('AIOPS_MAX_ALERTS')
  })

  it('answers an internal failure with a short JSON 500 and no stack', async () => {
    const pool: WorkerPool = {
      share: () => {},
      run: async () => Promise.reject(new Error('kaboom at secret/path.ts:12')),
      size: () => 1,
      terminate: async () => {},
    }
    const app = makeApp({ pool })
    const res = await post(app, '/incident', { alerts: cascade() })
    expect(res.status).toBe(500)
    const text = await res.text()
    expect(JSON.parse(text)).toEqual({ error: 'internal', message: 'internal server error' })
    expect(text).not.toContain('kaboom')
  })

  it('returns 503 while no graph is loaded', async () => {
    const res = await post(makeApp({ store: new GraphStore() }), '/incident', { alerts: cascade() })
    expect(res.status).toBe(503)
  })

  it('puts services missing from the graph in clusters of their own', async () => {
    const res = await post(makeApp(), '/incident', { alerts: [...cascade(), alert('legacy-batch', 'disk_util', 10)] })
    const body = await json(res)
    const lone = body.clusters.find((c: { services: string[] }) => c.services.includes('legacy-batch'))
    expect(lone.services).toEqual(['legacy-batch'])
  })

  it('reads edge alerts by the labels AIOPS_EDGE_LABELS names on a worker too', async () => {
    const twice = (labels: Record<string, string>, value: number) =>
      [0, 30].map((t) => alert('web', 'latency_p99_ms', t, { id: `${JSON.stringify(labels)}-${t}`, value, threshold: 1, labels }))
    const alerts = [...twice({ pod: 'web-0' }, 1.3), ...twice({ upstream: 'search' }, 8)]
    const { pool, seen } = incidentWorkerPool()
    try {
      const body = await json(post(makeApp({ env: { AIOPS_EDGE_LABELS: 'upstream' }, pool }), '/incident', { alerts }))
      expect(seen.worker).toBe(1)
      expect(body.root_cause.service).toBe('search')
    } finally {
      await pool.terminate()
    }
  })

  it('reads edge alerts by the labels AIOPS_EDGE_LABELS names', async () => {
    // web is slow, and its calls to search (a quiet callee) are slow, as an alert labelled upstream=search says.
    const twice = (labels: Record<string, string>, value: number) =>
      [0, 30].map((t) => alert('web', 'latency_p99_ms', t, { id: `${JSON.stringify(labels)}-${t}`, value, threshold: 1, labels }))
    const alerts = [...twice({ pod: 'web-0' }, 1.3), ...twice({ upstream: 'search' }, 8)]
    const byDefault = await json(post(makeApp(), '/incident', { alerts }))
    const configured = await json(post(makeApp({ env: { AIOPS_EDGE_LABELS: 'upstream' } }), '/incident', { alerts }))
    expect(byDefault.root_cause.service).not.toBe('search')
    expect(configured.root_cause.service).toBe('search')
    expect(configured.clusters[0].root_cause.evidence.reasons.join(' ')).toContain('web → search')
  })
})
