/**
 * The incident service on a real SQLite file: one incident for a batch sent
 * 10,000 times and for a storm growing over deliveries, feedback scored,
 * stored and learned into the live history at once (and by another replica
 * on the same store within a poll), and a down store that never fails the
 * request path.
 */
import { afterAll, describe, expect, it } from 'bun:test'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Alert } from '../../src/domain/model.ts'
import { triage } from '../../src/incident/triage.ts'
import { StoreUnavailableError } from '../../src/store/incident-service.ts'
import { alert } from '../support/helpers.ts'
import { downStore, serviceOn, type ServiceHarness } from '../support/incident-service.ts'
import { tempDir, waitFor } from '../support/processes.ts'

const dir = tempDir('aiops-service-')
const harnesses: ServiceHarness[] = []
let n = 0
afterAll(async () => {
  for (const h of harnesses) await h.service.close()
  rmSync(dir, { recursive: true, force: true })
})

function harness(path = join(dir, `s${++n}.db`), over: Parameters<typeof serviceOn>[1] = {}) {
  const h = serviceOn(path, over)
  harnesses.push(h)
  return h
}

const cascade = (): Alert[] => [alert('payment-db', 'conn_pool_used', 0), alert('payment', 'latency_p99_ms', 20), alert('checkout', 'error_rate', 40)]

async function input(h: ServiceHarness, alerts: Alert[], extra: { textKey?: string; groupKey?: string } = {}) {
  const snap = h.graphs.current!
  const { report } = triage({ alerts, snapshot: snap, options: { gapSec: 120, maxHop: 2, method: 'explain' }, method: 'graph-explain' })
  return { alerts, report, graph: snap.graph, settings: { gap_sec: 120, max_hop: 2, rca_method: 'explain' }, ...extra }
}

describe('incident service', () => {
  it('the same batch sent 10,000 times is one incident', async () => {
    const h = harness()
    const batch = await input(h, cascade())
    const ids = new Set<string>()
    for (let i = 0; i < 10_000; i++) ids.add(h.service.record({ ...batch, textKey: 'same-body' }).id)
    // Without the text key the batch is fingerprinted: still the same incident.
    for (let i = 0; i < 10; i++) ids.add(h.service.record({ ...batch }).id)
    expect(ids.size).toBe(1)
    expect((await h.service.list({ limit: 10 })).length).toBe(1)
  })

  it('the same body with the same answer is written again only after a minute', async () => {
    let t = Date.parse('2026-06-08T03:00:00Z')
    const h = harness(undefined, { now: () => t })
    const given = await input(h, cascade())
    const report = JSON.stringify(given.report)
    const batch = { ...given, report, textKey: 'body' }
    const id = h.service.record(batch).id
    await h.service.list({ limit: 1 })
    t += 30_000
    h.service.record({ ...batch })
    expect((await h.service.get(id))?.updated_at).toBe('2026-06-08T03:00:00.000Z')
    // Another answer to the same body (the graph or history changed) is written at once.
    h.service.record({ ...batch, report: report.replace('"clusters"', '"clusters" ') })
    expect((await h.service.get(id))?.updated_at).toBe('2026-06-08T03:00:30.000Z')
    t += 61_000
    h.service.record({ ...batch })
    expect((await h.service.get(id))?.updated_at).toBe('2026-06-08T03:01:31.000Z')
  })

  it('a storm growing over deliveries updates one incident', async () => {
    const h = harness()
    const first = cascade()
    const id = h.service.record(await input(h, first)).id
    const grown = [...first, alert('web', 'error_rate', 60), alert('checkout', 'latency_p99_ms', 70)]
    expect(h.service.record(await input(h, grown)).id).toBe(id)
    expect(h.service.record(await input(h, [alert('cart-cache', 'mem_util', 0), alert('cart', 'latency_p99_ms', 5)])).id).not.toBe(id)
    const kept = await h.service.get(id)
    expect(kept?.alerts.length).toBe(5)
    expect(kept?.services).toContain('web')
    expect((await h.service.list({ limit: 10 })).length).toBe(2)
  })

  it('an Alertmanager group is one incident across deliveries', async () => {
    const h = harness()
    const a = h.service.record(await input(h, cascade(), { groupKey: '{}:{alertname="X"}' })).id
    const b = h.service.record(await input(h, [alert('search', 'cpu_util', 0)], { groupKey: '{}:{alertname="X"}' })).id
    expect(b).toBe(a)
  })

  it('keeps report, alerts, graph, settings and method, and links it when a public URL is set', async () => {
    const h = harness(undefined, { publicUrl: 'https://aiops.example.com/' })
    const ref = h.service.record(await input(h, cascade()))
    expect(ref.url).toBe(`https://aiops.example.com/incidents/${ref.id}`)
    const kept = (await h.service.get(ref.id))!
    expect(kept.root_cause).toBe('payment-db')
    expect(kept.graph_version).toBe('g-test')
    expect(kept.settings).toEqual({ gap_sec: 120, max_hop: 2, rca_method: 'explain' })
    expect(kept.method).toBe('graph-explain')
    expect(kept.graph.edges).toContainEqual({ from: 'payment', to: 'payment-db' })
    expect(kept.graph.nodes).toContainEqual({ name: 'payment-db', tier: 'db' })
  })

  it('feedback is scored, counted, stored and joins the live history at once', async () => {
    const h = harness()
    const id = h.service.record(await input(h, cascade())).id
    expect(await h.service.feedback('inc-unknown', { root_cause: 'x' })).toBeNull()
    const saved = await h.service.feedback(id, { root_cause: 'payment', actions: ['roll back payment v42'], note: 'bad deploy' })
    expect(saved?.feedback).toMatchObject({ root_cause: 'payment', actions: ['roll back payment v42'], note: 'bad deploy', outcome: 'top3' })
    expect(await h.metrics.registry.getSingleMetricAsString('aiops_feedback_total')).toContain('aiops_feedback_total{outcome="top3"} 1')
    const learned = h.graphs.current!.history.find((i) => i.id === id)
    expect(learned).toMatchObject({ root_cause: 'payment', actions: ['roll back payment v42'], title: 'bad deploy' })
    expect(learned?.services).toEqual(expect.arrayContaining(['payment-db', 'payment', 'checkout']))
    // The file history is still there, once.
    expect(h.graphs.current!.history.filter((i) => i.id === 'INC-1').length).toBe(1)
    const acc = await h.service.accuracy()
    expect(acc['7d']).toMatchObject({ n: 1, top1: 0, top3: 1 })
  })

  it('a reload that swaps in a new snapshot keeps what was learned', async () => {
    const h = harness()
    const id = h.service.record(await input(h, cascade())).id
    await h.service.start()
    await h.service.feedback(id, { root_cause: 'payment-db' })
    const cur = h.graphs.current!
    h.graphs.swap({ ...cur, history: cur.history.filter((i) => i.id !== id) })
    await Bun.sleep(0)
    expect(h.graphs.current!.history.some((i) => i.id === id)).toBe(true)
  })

  it('another replica on the same store learns the feedback within a poll, and after a restart', async () => {
    const path = join(dir, 'shared.db')
    const a = harness(path)
    const b = harness(path, { learnPollMs: 20 })
    await b.service.start()
    const id = a.service.record(await input(a, cascade())).id
    await a.service.feedback(id, { root_cause: 'payment-db', actions: ['raise max_connections'] })
    await waitFor('replica b to learn', async () => (b.graphs.current!.history.some((i) => i.id === id) ? true : undefined), 5000)
    const c = harness(path)
    await c.service.start()
    expect(c.graphs.current!.history.find((i) => i.id === id)?.actions).toEqual(['raise max_connections'])
  })

  it('forgets a learned incident once its feedback is past retention, as a restarted replica would not load it', async () => {
    let t = Date.parse('2026-03-01T00:00:00Z')
    const h = harness(undefined, { now: () => t, learnPollMs: 10, retentionDays: 1 })
    const id = h.service.record(await input(h, cascade())).id
    await h.service.start()
    await h.service.feedback(id, { root_cause: 'payment-db' })
    expect(h.graphs.current!.history.some((i) => i.id === id)).toBe(true)
    t += 2 * 86_400_000
    await waitFor('the learner to forget', async () => (h.graphs.current!.history.some((i) => i.id === id) ? undefined : true), 5000)
    // The file history stays.
    expect(h.graphs.current!.history.some((i) => i.id === 'INC-1')).toBe(true)
  })

  it('a storm whose deliveries reach two replicas sharing the store is one incident', async () => {
    const path = join(dir, 'grouping.db')
    const a = harness(path)
    const b = harness(path, { learnPollMs: 20 })
    await b.service.start()
    const first = cascade()
    const id = a.service.record(await input(a, first)).id
    await a.service.list({ limit: 1 }) // written
    await Bun.sleep(100) // b's next look at the store
    const grown = [...first, alert('web', 'error_rate', 60)]
    expect(b.service.record(await input(b, grown)).id).toBe(id)
  })

  it('closed while its start still waits on the store, it starts no pollers afterwards', async () => {
    const store = downStore()
    let release = () => {}
    const slow = new Promise<void>((r) => (release = r))
    let looks = 0
    const look = async (): Promise<never> => {
      looks++
      await slow
      throw new Error('connection refused')
    }
    const h = harness(undefined, { incidents: { ...store, purge: look, updatedByOthers: look, confirmedSince: look }, learnPollMs: 5 })
    const starting = h.service.start()
    await h.service.close()
    release()
    await starting
    const after = looks
    await Bun.sleep(50) // ten poll periods
    expect(looks).toBe(after)
  })

  it('a down store never fails the request path; reads and feedback say it is unavailable', async () => {
    const h = harness(undefined, { incidents: downStore() })
    const ref = h.service.record(await input(h, cascade()))
    expect(ref.id).toMatch(/^inc-[0-9a-f]{16}$/)
    await expect(h.service.list({ limit: 1 })).rejects.toThrow(StoreUnavailableError)
    await expect(h.service.feedback(ref.id, { root_cause: 'x' })).rejects.toThrow(StoreUnavailableError)
    const status = await h.service.status()
    expect(status.reachable).toBe(false)
  })
})
