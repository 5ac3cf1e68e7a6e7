import { describe, expect, it } from 'bun:test'
import { Registry } from 'prom-client'
import type { Alert } from '../../src/domain/model.ts'
import { LiveSettings } from '../../src/live-settings.ts'
import { silentLogger } from '../../src/logger.ts'
import { createMetrics } from '../../src/metrics.ts'
import { analyzeCandidateYielding, type CandidateAnalyzer } from '../../src/shadow/candidate-run.ts'
import { analyzeCandidate } from '../support/helpers.ts'
import { ShadowService } from '../../src/shadow/shadow.ts'
import { graphData, HISTORY, makeDeps, SHOP_EDGES, SHOP_TIERS, testSnapshot } from '../support/helpers.ts'
import { cartCascade, paymentCascade, storedIncident } from '../support/fixtures/shadow-batches.ts'

const LIVE_SETTINGS = { gapSec: 120, maxHop: 2, method: 'explain' } as const
// The shop graph without payment → payment-db: nothing ties the database's alerts to its callers'.
const WITHOUT_DB_EDGE = graphData(
  SHOP_EDGES.filter((e) => e !== 'payment>payment-db'),
  SHOP_TIERS,
  ['payment-db'],
)

function setup(opts: { capacity?: number; analyze?: CandidateAnalyzer } = {}) {
  // The shop graph and history every test app serves.
  const store = makeDeps().store
  const settings = new LiveSettings(LIVE_SETTINGS)
  const metrics = createMetrics(new Registry())
  const shadow = new ShadowService({
    store,
    settings,
    metrics,
    logger: silentLogger,
    queue: { capacity: opts.capacity ?? 64, sample: 1 },
    analyze: opts.analyze,
    now: () => new Date('2026-03-01T00:00:00Z'),
  })
  /** What the live pipeline answered for `alerts`, offered to the shadow as a live route does. */
  const serve = async (alerts: Alert[]) => {
    const report = await analyzeCandidate(alerts, store.current!, settings.current)
    shadow.offer({ alerts: () => alerts, size: alerts.length, report: () => report })
    return report
  }
  const metric = async (name: string) => await metrics.registry.getSingleMetricAsString(name)
  return { store, settings, metrics, shadow, serve, metric }
}

const candidate = (extra: object = {}) => ({ settings: {}, reason: 'admin', since: '2026-03-01T00:00:00Z', ...extra })

describe('ShadowService', () => {
  it('a candidate graph missing the edge that explains a cascade disagrees on that batch and agrees on an unrelated one', async () => {
    const { shadow, serve, metric } = setup()
    shadow.start(candidate({ graph: WITHOUT_DB_EDGE, graphOrigin: 'upload', graphSource: 'upload' }))
    const live = await serve(paymentCascade())
    expect(live.root_cause.service).toBe('payment-db')
    await shadow.idle()
    let r = shadow.report()!
    expect(r.compared).toBe(1)
    expect(r.disagreements[0]).toMatchObject({
      what: expect.arrayContaining(['root_cause', 'clusters']),
      live: { root: 'payment-db', clusters: 1 },
      candidate: { clusters: 2 },
    })
    expect(r.disagreements[0]!.candidate.root).not.toBe('payment-db')

    await serve(cartCascade())
    await shadow.idle()
    r = shadow.report()!
    expect(r.compared).toBe(2)
    expect(r.disagreements).toHaveLength(1) // the cart cascade added none
    expect(r.agreement).toMatchObject({ root_cause: 0.5 })
    expect(await metric('aiops_shadow_requests_total')).toContain('aiops_shadow_requests_total{outcome="compared"} 2')
    expect(await metric('aiops_shadow_disagreements_total')).toContain('aiops_shadow_disagreements_total{what="root_cause"} 1')
  })

  it('a settings-only candidate runs on the live graph with its own settings', async () => {
    const seen: unknown[] = []
    const { shadow, serve } = setup({ analyze: (alerts, snap, s) => (seen.push([snap.graph.data.version, s]), analyzeCandidate(alerts, snap, s)) })
    shadow.start(candidate({ settings: { maxHop: 1 } }))
    await serve(cartCascade())
    await shadow.idle()
    expect(seen).toEqual([['g-test', { gapSec: 120, maxHop: 1, method: 'explain' }]])
    expect(shadow.report()!.candidate).toMatchObject({ graph: null, config: { gap_sec: 120, max_hop: 1, rca_method: 'explain', changed: ['max_hop'] } })
  })

  it('counts a skip, and still answers live, when the candidate throws', async () => {
    const { shadow, serve, metric } = setup({
      analyze: () => {
        throw new Error('candidate blew up')
      },
    })
    shadow.start(candidate({ settings: { gapSec: 300 } }))
    const live = await serve(paymentCascade())
    expect(live.root_cause.service).toBe('payment-db')
    await shadow.idle()
    expect(shadow.report()).toMatchObject({ compared: 0, skipped: { total: 1, failed: 1 } })
    expect(await metric('aiops_shadow_requests_total')).toContain('outcome="skipped"} 1')
  })

  it('skips and counts batches offered while the queue is full', async () => {
    const { shadow, serve } = setup({ capacity: 1 })
    shadow.start(candidate({ settings: { gapSec: 300 } }))
    await serve(cartCascade())
    await serve(cartCascade()) // the first is still waiting for its turn
    expect(shadow.report()).toMatchObject({ skipped: { queue_full: 1 } })
    await shadow.idle()
    expect(shadow.report()).toMatchObject({ compared: 1 })
  })

  it('offers nothing and counts nothing when no candidate is set', async () => {
    const { shadow, serve, metric } = setup()
    await serve(cartCascade())
    await shadow.idle()
    expect(shadow.report()).toBeUndefined()
    expect(await metric('aiops_shadow_requests_total')).not.toContain('outcome=')
  })

  it('promote makes the graph a new version that rollback leaves, and the settings live', () => {
    const { shadow, store, settings } = setup()
    shadow.start(candidate({ graph: { ...WITHOUT_DB_EDGE, version: 'g-candidate' }, graphSource: 'upload', settings: { gapSec: 300 } }))
    expect(shadow.promote()).toEqual({ graph_version: 'g-candidate', pipeline_config: { gap_sec: 300, max_hop: 2, rca_method: 'explain' } })
    expect(store.current!.graph.data.version).toBe('g-candidate')
    expect(store.current!.history).toEqual(HISTORY) // the live history goes along
    expect(settings.current.gapSec).toBe(300)
    expect(shadow.report()).toBeUndefined() // promoted = no longer a candidate
    expect(store.rollback()).toBe(true)
    expect(store.current!.graph.data.version).toBe('g-test')
  })

  it('discard drops the candidate, its report and the info gauge', async () => {
    const { shadow, metric } = setup()
    shadow.start(candidate({ settings: { method: 'pagerank' } }))
    expect(await metric('aiops_shadow_candidate_info')).toContain('rca_method="pagerank"')
    expect(shadow.discard()).toBe(true)
    expect(shadow.report()).toBeUndefined()
    expect(await metric('aiops_shadow_candidate_info')).not.toContain('rca_method=')
    expect(shadow.discard()).toBe(false)
  })

  it('replay compares stored incidents at once and scores both sides against operator feedback', async () => {
    const { shadow, store, settings } = setup()
    const stored = async (id: string, alerts: Alert[], truth?: string) =>
      storedIncident(id, alerts, await analyzeCandidate(alerts, store.current!, settings.current), truth)
    shadow.start(candidate({ graph: WITHOUT_DB_EDGE, graphOrigin: 'upload' }))
    const n = await shadow.replay([await stored('inc-1', paymentCascade(), 'payment-db'), await stored('inc-2', cartCascade(), 'cart-cache')])
    expect(n).toBe(2)
    const r = shadow.report()!
    expect(r.truth).toMatchObject({ scored: 2, live: { top1: 1 } })
    expect(r.truth!.candidate.top1).toBe(0.5) // it lost the payment-db root
    expect(r.disagreements[0]).toMatchObject({ source: 'inc-1', truth: 'payment-db' })
  })

  it('takes a discovered graph as the candidate unless an operator set one, and keeps the report for the same graph', () => {
    const { shadow } = setup()
    const found = { ...WITHOUT_DB_EDGE, source: 'prometheus:istio' }
    expect(shadow.startFromDiscovery(found, { kind: 'changed' })).toBe(true)
    expect(shadow.report()!.candidate).toMatchObject({ graph: { from: 'discovery' }, reason: 'discovery:changed' })
    expect(shadow.startFromDiscovery(found, { kind: 'changed' })).toBe(false) // same hash
    shadow.start(candidate({ settings: { gapSec: 300 } }))
    expect(shadow.startFromDiscovery({ ...found, hash: 'other' }, { kind: 'shrink', removed_share: 0.6, max_shrink: 0.5 })).toBe(false)
    expect(shadow.report()!.candidate.reason).toBe('admin')
  })

  it('promotes a discovered graph with the source it was discovered from', () => {
    const { shadow, store } = setup()
    shadow.startFromDiscovery({ ...WITHOUT_DB_EDGE, version: 'g-found', source: 'prometheus:istio' }, { kind: 'shrink', removed_share: 0.6, max_shrink: 0.5 })
    shadow.promote()
    expect(store.current!.graphOrigin).toBe('prometheus:istio')
  })

  it('the yielding run pauses before each time segment and finds the clusters and roots the plain run does', async () => {
    const { store, settings } = setup()
    // Two cascades an hour apart: two time segments.
    const alerts = [...paymentCascade(), ...cartCascade().map((a) => ({ ...a, ts: Number(a.ts) + 3600 }))]
    let pauses = 0
    const yielding = await analyzeCandidateYielding(async () => void pauses++)(alerts, store.current!, settings.current)
    const plain = await analyzeCandidate(alerts, store.current!, settings.current)
    expect(yielding.clusters).toEqual(plain.clusters)
    expect(yielding.root_cause).toEqual(plain.root_cause)
    expect(pauses).toBe(2)
  })

  it('compares on the graph the batch was answered with, even when the live graph changes before the candidate runs', async () => {
    const { shadow, serve, store } = setup()
    shadow.start(candidate({ settings: { gapSec: 120 } })) // the live settings: only a graph change could differ
    await serve(paymentCascade())
    store.swap(testSnapshot(WITHOUT_DB_EDGE, HISTORY, 't'))
    await shadow.idle()
    expect(shadow.report()).toMatchObject({ compared: 1, agreement: { root_cause: 1, clusters: 1 } })
  })

  it('drops the comparisons still queued for a candidate that was replaced', async () => {
    const { shadow, serve } = setup()
    shadow.start(candidate({ settings: { gapSec: 300 } }))
    await serve(cartCascade())
    shadow.start(candidate({ settings: { maxHop: 1 } }))
    await shadow.idle()
    expect(shadow.report()).toMatchObject({ compared: 0, skipped: { total: 0 } })
  })
})
