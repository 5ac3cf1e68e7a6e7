/**
 * The alert routes with the incident store wired in (app.handle, a real
 * SQLite file): answers carry incident_id (and incident_url), re-sent and
 * growing batches stay one incident, an Alertmanager group is one incident,
 * an operator's correction shows up in the next similar batch's
 * similar_incidents with the operator's actions, and a down store costs no
 * answer (readiness reports it, the reads answer 503). With no store the
 * answers are unchanged.
 */
import { afterAll, describe, expect, it } from 'bun:test'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Alert } from '../../src/domain/model.ts'
import { alert, json, makeApp, makeDeps, post, req } from '../support/helpers.ts'
import { downStore, serviceOn, type ServiceHarness } from '../support/incident-service.ts'
import { tempDir } from '../support/processes.ts'

const dir = tempDir('aiops-app-store-')
const harnesses: ServiceHarness[] = []
afterAll(async () => {
  for (const h of harnesses) await h.service.close()
  rmSync(dir, { recursive: true, force: true })
})

function appWithStore(env: Record<string, string> = {}, over: Parameters<typeof serviceOn>[1] = {}) {
  const deps = makeDeps({ env })
  const h = serviceOn(join(dir, `a${harnesses.length}.db`), { graphs: deps.store, metrics: deps.metrics, ...over })
  harnesses.push(h)
  return { app: makeApp({ ...deps, incidents: h.service }), h }
}

const cascade = (pod = '0', shift = 0): Alert[] =>
  [alert('payment-db', 'conn_pool_used', 0 + shift), alert('payment', 'latency_p99_ms', 20 + shift), alert('checkout', 'error_rate', 40 + shift)].map((a) => ({
    ...a,
    labels: { pod: `${a.service}-${pod}` },
  }))

describe('POST /incident with the store', () => {
  it('answers with incident_id first; the same body again is the same incident', async () => {
    const { app } = appWithStore()
    const body = { alerts: cascade() }
    const first = await post(app, '/incident', body)
    const text = await first.text()
    expect(text.startsWith('{"incident_id":"inc-')).toBe(true)
    const id = JSON.parse(text).incident_id
    for (let i = 0; i < 50; i++) expect((await json(post(app, '/incident', body))).incident_id).toBe(id)
    const list = await json(req(app, '/incidents'))
    expect(list.incidents.map((i: { id: string }) => i.id)).toEqual([id])
    const kept = await json(req(app, `/incidents/${id}`))
    expect(kept.report.incident_id).toBeUndefined()
    expect(kept.report.root_cause.service).toBe(JSON.parse(text).root_cause.service)
  })

  it('a storm growing over deliveries is one incident; an unrelated batch another', async () => {
    const { app } = appWithStore()
    const first = cascade()
    const id = (await json(post(app, '/incident', { alerts: first }))).incident_id
    const grown = [...first, alert('web', 'error_rate', 60, { labels: { pod: 'web-0' } })]
    expect((await json(post(app, '/incident', { alerts: grown }))).incident_id).toBe(id)
    expect((await json(post(app, '/incident', { alerts: [alert('cart-cache', 'mem_util', 0)] }))).incident_id).not.toBe(id)
    expect((await json(req(app, `/incidents/${id}`))).alerts.length).toBe(4)
  })

  it('links the incident when AIOPS_PUBLIC_URL is set', async () => {
    const { app } = appWithStore({ AIOPS_PUBLIC_URL: 'https://aiops.example.com' }, { publicUrl: 'https://aiops.example.com' })
    const body = await json(post(app, '/incident', { alerts: cascade() }))
    expect(body.incident_url).toBe(`https://aiops.example.com/incidents/${body.incident_id}`)
  })

  it("after an operator corrects a root, a similar new batch lists that incident with the operator's actions", async () => {
    const { app } = appWithStore()
    const id = (await json(post(app, '/incident', { alerts: cascade() }))).incident_id
    const fb = await post(app, `/incidents/${id}/feedback`, {
      root_cause: 'payment',
      actions: ['Roll back payment v42'],
      note: 'payment v42 leaked connections',
    })
    expect(fb.status).toBe(200)
    // Other pods, a day later: other alert sources (a new incident), the same services and metrics.
    const later = await json(post(app, '/incident', { alerts: cascade('7', 86_400) }))
    expect(later.incident_id).not.toBe(id)
    expect(later.similar_incidents).toContainEqual(
      expect.objectContaining({ id, root_cause: 'payment', title: 'payment v42 leaked connections', actions: ['Roll back payment v42'] }),
    )
  })
})

describe('POST /alertmanager with the store', () => {
  const delivery = (groupKey: string, alerts: Array<[string, string, number]>) => ({
    version: '4',
    groupKey,
    status: 'firing',
    receiver: 'aiops',
    alerts: alerts.map(([fp, service, s]) => ({
      status: 'firing',
      labels: { alertname: 'X', service, severity: 'warning' },
      startsAt: new Date(Date.UTC(2026, 5, 8, 3, 0, s)).toISOString(),
      fingerprint: fp,
    })),
  })

  it('deliveries of one group are one incident; all resolved keeps nothing', async () => {
    const { app } = appWithStore()
    const a = await json(post(app, '/alertmanager', delivery('{}:{team="pay"}', [['f1', 'payment-db', 0]])))
    const b = await json(
      post(
        app,
        '/alertmanager',
        delivery('{}:{team="pay"}', [
          ['f1', 'payment-db', 0],
          ['f2', 'payment', 20],
          ['f3', 'checkout', 30],
        ]),
      ),
    )
    expect(b.incident_id).toBe(a.incident_id)
    const other = await json(post(app, '/alertmanager', delivery('{}:{team="cart"}', [['f1', 'payment-db', 0]])))
    expect(other.incident_id).not.toBe(a.incident_id)
    const resolved = delivery('{}:{team="pay"}', [['f1', 'payment-db', 0]])
    resolved.alerts[0]!.status = 'resolved'
    expect((await json(post(app, '/alertmanager', resolved))).incident_id).toBeUndefined()
  })
})

describe('a down store', () => {
  it('costs no answer: POST still answers with an id, /readyz reports it and stays 200, reads answer 503', async () => {
    const { app } = appWithStore({}, { incidents: downStore() })
    const res = await post(app, '/incident', { alerts: cascade() })
    expect(res.status).toBe(200)
    expect((await res.json()).incident_id).toMatch(/^inc-/)
    const ready = await req(app, '/readyz')
    expect(ready.status).toBe(200)
    expect((await ready.json()).store).toMatchObject({ kind: 'postgres', reachable: false })
    expect((await req(app, '/incidents')).status).toBe(503)
  })
})

describe('no store', () => {
  it('answers without incident_id and says the store is off', async () => {
    const app = makeApp()
    expect((await json(post(app, '/incident', { alerts: cascade() }))).incident_id).toBeUndefined()
    const res = await req(app, '/incidents')
    expect(res.status).toBe(404)
    expect((await res.json()).error).toBe('store_off')
    expect((await json(req(app, '/readyz'))).store).toEqual({ kind: 'off' })
  })
})
