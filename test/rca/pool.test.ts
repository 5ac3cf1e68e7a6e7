import { describe, expect, it } from 'bun:test'
import { normalizeAlerts } from '../../src/domain/normalize.ts'
import { segmentsOf } from '../../src/domain/segments.ts'
import { createSnapshot, type Snapshot } from '../../src/graph/store.ts'
import { byReportOrder, type ClusterAnalysis } from '../../src/domain/report.ts'
import { analyzeInline } from '../../src/rca/triage.ts'
import { fixture, poolHarness } from '../support/pool-harness.ts'
import { alert, graphData, HISTORY, makeApp, makeDeps, post, SHOP_EDGES, SHOP_TIERS } from '../support/helpers.ts'

const OPTIONS = { method: 'explain' as const, gapSec: 120, maxHop: 2 }

/** Three incidents hours apart: payment-db cascade, cart-cache cascade, search errors. */
function batch() {
  return [
    alert('payment-db', 'conn_pool_used', 0, { severity: 'critical', value: 99, threshold: 90 }),
    alert('payment', 'latency_p99_ms', 20),
    alert('checkout', 'error_rate', 45),
    alert('web', 'latency_p99_ms', 70),
    alert('cart-cache', 'mem_util', 10_000, { severity: 'critical' }),
    alert('cart', 'latency_p99_ms', 10_030),
    alert('checkout', 'latency_p99_ms', 10_050),
    alert('search', 'error_rate', 20_000, { severity: 'critical' }),
    alert('web', 'error_rate', 20_040),
  ]
}

const snapshot = (): Snapshot => makeDeps().store.current!
/** The batch's time segments and its alerts, as triage hands them to an analyzer. */
function work() {
  const raw = batch()
  const alerts = normalizeAlerts(raw)
  return { segments: segmentsOf(alerts, OPTIONS.gapSec), alerts, body: JSON.stringify({ alerts: raw }) }
}

/** Analyzers may answer in any order (triage sorts): compare in report order. */
const ordered = async (analyses: Promise<ClusterAnalysis[]>) => (await analyses).toSorted(byReportOrder)

/** A pool that always uses its workers (threshold 0) and counts where segments ran. */
const pool = poolHarness({ inlineBelowSources: 0 })

describe('rca/pool', () => {
  it('gives the same analyses as inline for a multi-cluster batch, some of them from a real worker', async () => {
    const snap = snapshot()
    const { segments, alerts } = work()
    expect(segments.length).toBeGreaterThanOrEqual(3)
    const { p, seen } = pool()
    expect(await ordered(p.analyze(segments, alerts, snap, OPTIONS))).toEqual(await ordered(analyzeInline(segments, alerts, snap, OPTIONS)))
    expect(seen.worker).toBeGreaterThan(0)
    expect(seen.fallbacks).toEqual([])
  })

  it('analyses against the new graph after a swap (the worker reloads per version)', async () => {
    const { p } = pool({ size: 2 })
    const first = snapshot()
    await p.analyze(work().segments, work().alerts, first, OPTIONS)
    // Same services, but search now calls a db that is not alerting: ranks change with the graph.
    const second = createSnapshot({
      graph: { ...graphData([...SHOP_EDGES, 'search>search-db', 'cart>payment'], { ...SHOP_TIERS, 'search-db': 'db' }), version: 'g-2' },
      history: HISTORY,
      graphOrigin: 'test',
      historyOrigin: 'test',
      historyHash: 'h2',
      loadedAt: '2026-01-02T00:00:00Z',
    })
    const { segments, alerts } = work()
    expect(await ordered(p.analyze(segments, alerts, second, OPTIONS))).toEqual(await ordered(analyzeInline(segments, alerts, second, OPTIONS)))
  })

  it('keeps a batch below the source threshold on the main thread', async () => {
    const snap = snapshot()
    const { p, seen } = pool({ inlineBelowSources: 1000 })
    const { segments, alerts } = work()
    expect(await ordered(p.analyze(segments, alerts, snap, OPTIONS))).toEqual(await ordered(analyzeInline(segments, alerts, snap, OPTIONS)))
    expect(seen.worker).toBe(0)
  })

  // Each misbehaving worker: its segments are re-run inline, the answer is unchanged, the worker replaced.
  for (const [name, reason, timeout] of [
    ['crash', 'crash', 5000],
    ['exit', 'exit', 5000],
    ['hang', 'timeout', 150],
  ] as const) {
    it(`re-runs the task inline when a worker ${name === 'hang' ? 'hangs past the timeout' : name === 'crash' ? 'throws' : 'exits'}`, async () => {
      const snap = snapshot()
      const { segments, alerts } = work()
      const { p, seen } = pool({ workerUrl: fixture(name), taskTimeoutMs: timeout })
      expect(await ordered(p.analyze(segments, alerts, snap, OPTIONS))).toEqual(await ordered(analyzeInline(segments, alerts, snap, OPTIONS)))
      expect(seen.fallbacks.length).toBeGreaterThan(0)
      expect(seen.fallbacks[0]).toBe(reason)
      expect(p.size()).toBe(1)
    })
  }

  it('gives the same analyses with a head start when the worker got ahead and claimed every segment', async () => {
    const snap = snapshot()
    const { segments, alerts, body } = work()
    const { p, seen } = pool({ headStartMinBytes: 0 })
    const head = p.headStart(body, OPTIONS, snap)
    expect(head).toBeDefined()
    // The main thread has not started claiming: the worker parses, splits and claims all three.
    await Bun.sleep(300)
    expect(await ordered(p.analyze(segments, alerts, snap, OPTIONS, head))).toEqual(await ordered(analyzeInline(segments, alerts, snap, OPTIONS)))
    expect(seen.inline).toBe(0)
    expect(seen.worker).toBe(1) // the take that collected them
    expect(seen.fallbacks).toEqual([])
  })

  it('gives the same analyses with a head start however the threads happen to share the claims', async () => {
    const snap = snapshot()
    const { segments, alerts, body } = work()
    const { p, seen } = pool({ headStartMinBytes: 0 })
    for (const waitMs of [0, 1, 2, 5, 10, 0]) {
      const head = p.headStart(body, OPTIONS, snap)
      await Bun.sleep(waitMs)
      expect(await ordered(p.analyze(segments, alerts, snap, OPTIONS, head))).toEqual(await ordered(analyzeInline(segments, alerts, snap, OPTIONS)))
    }
    expect(seen.fallbacks).toEqual([])
  })

  it('declines a head start for a small body', () => {
    const { p } = pool()
    expect(p.headStart(work().body, OPTIONS, snapshot())).toBeUndefined()
  })

  it('re-runs the segments a worker claimed inline when it crashes before handing them over', async () => {
    const snap = snapshot()
    const { segments, alerts, body } = work()
    const { p, seen } = pool({ headStartMinBytes: 0, workerUrl: fixture('crash') })
    const head = p.headStart(body, OPTIONS, snap)
    await Bun.sleep(100) // it claims two of the three at once
    expect(await ordered(p.analyze(segments, alerts, snap, OPTIONS, head))).toEqual(await ordered(analyzeInline(segments, alerts, snap, OPTIONS)))
    expect(seen.fallbacks).toEqual(['crash'])
  })

  it('answers right after a head start whose body the worker cannot use (it claims nothing, the main thread everything)', async () => {
    const snap = snapshot()
    const { segments, alerts } = work()
    const { p, seen } = pool({ headStartMinBytes: 0 })
    const head = p.headStart('{"alerts": "not a list"}', OPTIONS, snap)
    await Bun.sleep(100)
    expect(await ordered(p.analyze(segments, alerts, snap, OPTIONS, head))).toEqual(await ordered(analyzeInline(segments, alerts, snap, OPTIONS)))
    expect(seen.inline).toBe(segments.length)
    expect(seen.fallbacks).toEqual([])
  })

  it('gives up on a worker entry that cannot start and stays inline', async () => {
    const snap = snapshot()
    const { p } = pool({ workerUrl: fixture('does-not-exist') })
    await Bun.sleep(300)
    expect(p.size()).toBe(0)
    const { segments, alerts } = work()
    expect(await ordered(p.analyze(segments, alerts, snap, OPTIONS))).toEqual(await ordered(analyzeInline(segments, alerts, snap, OPTIONS)))
  })

  it('ends its workers on terminate and analyses inline afterwards', async () => {
    const snap = snapshot()
    const { p, seen } = pool({ size: 2 })
    await p.terminate()
    expect(p.size()).toBe(0)
    const { segments, alerts } = work()
    expect(await ordered(p.analyze(segments, alerts, snap, OPTIONS))).toEqual(await ordered(analyzeInline(segments, alerts, snap, OPTIONS)))
    expect(seen.worker).toBe(0)
  })
})

describe('POST /incident with a head start', () => {
  it('answers as inline does, and a bad body still gets its 422', async () => {
    const { p, seen } = pool({ headStartMinBytes: 0 })
    const app = makeApp({ analyzer: p.analyze, headStart: p.headStart })
    const alerts = batch()
    expect(await (await post(app, '/incident', { alerts })).json()).toEqual(await (await post(makeApp(), '/incident', { alerts })).json())
    const bad = await post(app, '/incident', { alerts: [{ ...alerts[0], severity: 'loud' }] })
    expect(bad.status).toBe(422)
    // The worker dropped the begun body and is free for the next batch.
    expect(await (await post(app, '/incident', { alerts })).json()).toEqual(await (await post(makeApp(), '/incident', { alerts })).json())
    expect(seen.fallbacks).toEqual([])
  })
})

describe('POST /incident with the worker pool', () => {
  it('answers a multi-cluster batch exactly as the inline analyzer does', async () => {
    const { p, seen } = pool()
    const alerts = batch()
    const withPool = await (await post(makeApp({ analyzer: p.analyze }), '/incident', { alerts })).json()
    const inline = await (await post(makeApp(), '/incident', { alerts })).json()
    expect(withPool).toEqual(inline)
    expect(withPool.clusters.length).toBeGreaterThanOrEqual(3)
    expect(seen.worker).toBeGreaterThan(0)
  })
})
