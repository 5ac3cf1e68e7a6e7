/**
 * Properties of the pure pipeline (normalize → correlate → analyse → report)
 * over generated batches on the shop graph plus services it does not know:
 * every alert lands in exactly one cluster; the report does not depend on
 * the order alerts arrive in; the same sources give the same cluster ids,
 * whatever their alert ids and values. Seeds are fixed so a failure replays.
 */
import { describe, expect, it } from 'bun:test'
import fc from 'fast-check'
import type { Alert } from '../../src/domain/model.ts'
import { byGroupOrder, correlate, correlateSegment } from '../../src/domain/correlate.ts'
import { normalizeAlerts } from '../../src/domain/normalize.ts'
import { collapseSources } from '../../src/domain/sources.ts'
import { triage } from '../../src/incident/triage.ts'
import { shopSnapshot } from '../support/helpers.ts'

const SEED = 8_2026
const snapshot = shopSnapshot()
const OPTIONS = { gapSec: 120, maxHop: 2, method: 'explain' as const }
const SERVICES = ['web', 'checkout', 'payment', 'payment-db', 'cart', 'cart-cache', 'search', 'legacy-batch', 'ghost']
const METRICS = ['latency_p99_ms', 'error_rate', 'cpu_util', 'mem_util', 'conn_pool_used', 'disk_util', 'restarts', 'saturation']
const BASE = 1_780_000_000

// One alert source and its firing time; ids are assigned after generation so they are unique.
const draft = fc.record({
  service: fc.constantFrom(...SERVICES),
  metric: fc.constantFrom(...METRICS),
  severity: fc.constantFrom('critical' as const, 'warning' as const, 'info' as const),
  t: fc.integer({ min: 0, max: 900 }),
  asString: fc.boolean(),
  value: fc.double({ min: 0, max: 1e6, noNaN: true }),
  pod: fc.integer({ min: 0, max: 2 }),
})
const batch = fc.array(draft, { minLength: 1, maxLength: 60 }).map((ds) =>
  ds.map(
    (d, i): Alert => ({
      id: `x${i}`,
      ts: d.asString ? new Date((BASE + d.t) * 1000).toISOString().replace('.000Z', 'Z') : BASE + d.t,
      service: d.service,
      metric: d.metric,
      severity: d.severity,
      value: d.value,
      threshold: 1,
      labels: { pod: `${d.service}-${d.pod}` },
    }),
  ),
)
// A batch and a permutation of it (sort by random keys).
const batchAndShuffle = batch.chain((alerts) =>
  fc.array(fc.double({ noNaN: true }), { minLength: alerts.length, maxLength: alerts.length }).map((keys) => {
    const order = alerts.map((_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b)
    return { alerts, shuffled: order.map((i) => alerts[i]!) }
  }),
)

const run = async (alerts: Alert[]) => triage({ alerts, snapshot, options: OPTIONS, method: 'graph-explain' }).report
// Alerts with the same time keep arrival order inside alert_ids (a tie, not a
// different answer), so ids are compared as sets; everything else must match exactly.
const canonical = (r: Awaited<ReturnType<typeof run>>) => ({ ...r, clusters: r.clusters.map((c) => ({ ...c, alert_ids: c.alert_ids.toSorted() })) })
const RUNS = { numRuns: 300, seed: SEED }

describe('triage properties', () => {
  it('puts every alert in exactly one cluster', async () => {
    await fc.assert(
      fc.asyncProperty(batch, async (alerts) => {
        const report = await run(alerts)
        const placed = report.clusters.flatMap((c) => c.alert_ids)
        expect(placed.toSorted()).toEqual(alerts.map((a) => a.id).toSorted())
        for (const c of report.clusters) expect(c.alert_count).toBe(c.alert_ids.length)
      }),
      RUNS,
    )
  })

  it('gives the same report whatever order the alerts arrive in', async () => {
    await fc.assert(
      fc.asyncProperty(batchAndShuffle, async ({ alerts, shuffled }) => {
        expect(canonical(await run(shuffled))).toEqual(canonical(await run(alerts)))
      }),
      RUNS,
    )
  })

  it('gives the same cluster ids for the same input, and for the same alerts under new ids', async () => {
    await fc.assert(
      fc.asyncProperty(batch, async (alerts) => {
        const ids = (r: Awaited<ReturnType<typeof run>>) => r.clusters.map((c) => c.cluster_id).toSorted()
        const first = await run(alerts)
        expect(ids(await run(alerts))).toEqual(ids(first))
        const resent = alerts.map((a, i) => ({ ...a, id: `resent-${i}` }))
        expect(ids(await run(resent))).toEqual(ids(first))
      }),
      RUNS,
    )
  })

  it('clusters a batch split into time segments exactly as the whole batch at once', () => {
    // Spread over an hour so batches really split; correlating all sources as one
    // segment is what correlate did before segments existed (segments.ts).
    const spread = fc.array(fc.record({ draft, t: fc.integer({ min: 0, max: 3600 }) }), { minLength: 1, maxLength: 80 }).map((ds) =>
      ds.map(
        (d, i): Alert => ({
          id: `s${i}`,
          ts: BASE + d.t,
          service: d.draft.service,
          metric: d.draft.metric,
          severity: d.draft.severity,
          value: d.draft.value,
          threshold: 1,
          labels: { pod: `${d.draft.service}-${d.draft.pod}` },
        }),
      ),
    )
    fc.assert(
      fc.property(spread, fc.constantFrom(10, 60, 120, 600), (alerts, gapSec) => {
        const normalized = normalizeAlerts(alerts)
        const whole = correlateSegment(collapseSources(normalized), normalized, snapshot.graph, { gapSec, maxHop: 2 }).sort(byGroupOrder)
        expect(correlate(normalized, snapshot.graph, { gapSec, maxHop: 2 })).toEqual(whole)
      }),
      RUNS,
    )
  })
})
