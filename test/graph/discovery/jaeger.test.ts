/**
 * Graph discovery from Jaeger, against a test double: a loopback HTTP server
 * answering GET /api/dependencies with Jaeger's documented JSON. Covers the
 * refresh lifecycle the source does not matter for: the overlay, an edge
 * added, an edge kept for the retention and then removed, a collapsed answer
 * held back as the candidate, shadow mode, and a source that hangs, answers
 * garbage or answers nothing.
 */
import { afterAll, describe, expect, it } from 'bun:test'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Registry } from 'prom-client'
import { parseConfig } from '../../../src/config.ts'
import { createDiscovery } from '../../../src/graph/discovery/from-config.ts'
import { GraphStore } from '../../../src/graph/store.ts'
import { silentLogger } from '../../../src/logger.ts'
import { createMetrics } from '../../../src/metrics.ts'
import { jaegerDouble, type Dep } from '../../support/jaeger-double.ts'
import { tempDir } from '../../support/processes.ts'
import { makeDeps } from '../../support/helpers.ts'

const dep = (parent: string, child: string, callCount = 100): Dep => ({ parent, child, callCount })
const SHOP = [dep('web', 'checkout'), dep('checkout', 'payment'), dep('payment', 'payment-db'), dep('checkout', 'cart')]
const edgesOf = (store: GraphStore) => store.current!.graph.data.edges.map((e) => `${e.from}>${e.to}`).sort()

const jaeger = jaegerDouble()
afterAll(() => jaeger.stop())

function setup(env: Record<string, string> = {}) {
  let nowMs = Date.parse('2026-06-08T00:00:00Z')
  const config = parseConfig({ AIOPS_GRAPH_SOURCE: 'jaeger', AIOPS_JAEGER_URL: jaeger.url, AIOPS_GRAPH_FETCH_TIMEOUT_MS: '300', ...env })
  const store = new GraphStore(makeDeps().store.current)
  const metrics = createMetrics(new Registry())
  const discovery = createDiscovery({ config, store, metrics, logger: silentLogger, now: () => new Date(nowMs) })!
  return { store, metrics, discovery, refresh: () => discovery.refresher.reload('test'), advance: (sec: number) => (nowMs += sec * 1000), now: () => nowMs }
}

describe('graph discovery from Jaeger (test double)', () => {
  it('asks for the window ending now and weighs each edge by calls per second', async () => {
    jaeger.deps([dep('web', 'checkout', 7200), dep('checkout', 'unknown'), dep('checkout', '10.1.2.3'), dep('checkout', 'checkout')])
    const { store, refresh, now } = setup({ AIOPS_GRAPH_LOOKBACK_SEC: '3600' })
    expect((await refresh()).result).toBe('applied')
    const q = jaeger.requests.at(-1)!.searchParams
    expect({ endTs: q.get('endTs'), lookback: q.get('lookback') }).toEqual({ endTs: String(now()), lookback: '3600000' })
    expect(store.current!.graph.data.edges).toEqual([{ from: 'web', to: 'checkout', weight: 2 }])
    expect(store.current!.graph.data.version).toMatch(/^jaeger-[0-9a-f]{12}$/)
  })

  it('stamps every answered round, unchanged ones included', async () => {
    jaeger.deps(SHOP)
    const { metrics, refresh, advance, now } = setup()
    await refresh()
    advance(300)
    expect((await refresh()).result).toBe('unchanged')
    expect((await metrics.graphLastRefreshSuccessTimestamp.get()).values).toEqual([{ value: now() / 1000, labels: { source: 'jaeger' } }])
  })

  it('gives equal content the same version id, and a new one only when content changes', async () => {
    jaeger.deps(SHOP)
    const a = setup()
    const b = setup()
    await a.refresh()
    jaeger.deps(SHOP.map((d) => ({ ...d, callCount: d.callCount * 3 }))) // rates move, the graph does not
    await b.refresh()
    expect(b.store.current!.graph.data.version).toBe(a.store.current!.graph.data.version)
    expect((await a.refresh()).result).toBe('unchanged')
    expect(a.store.generation).toBe(1)
  })

  it('merges the overlay into every discovered graph: its tiers win, its datastores and edges are added', async () => {
    const dir = tempDir('aiops-overlay-')
    const overlayPath = join(dir, 'overlay.json')
    writeFileSync(
      overlayPath,
      JSON.stringify({
        services: [{ name: 'web', tier: 'edge' }, { name: 'payment-db', tier: 'db' }, { name: 'cart' }, { name: 'cart-cache', tier: 'cache' }],
        edges: [{ from: 'cart', to: 'cart-cache' }],
      }),
    )
    jaeger.deps(SHOP)
    const { store, refresh } = setup({ AIOPS_GRAPH_OVERLAY_PATH: overlayPath })
    expect((await refresh()).result).toBe('applied')
    expect(edgesOf(store)).toEqual(['cart>cart-cache', 'checkout>cart', 'checkout>payment', 'payment>payment-db', 'web>checkout'])
    const tiers = Object.fromEntries(store.current!.graph.data.nodes.map((n) => [n.name, n.tier]))
    expect(tiers).toMatchObject({ web: 'edge', 'payment-db': 'db', 'cart-cache': 'cache', checkout: 'service' })
    // A broken overlay fails the refresh by name; the live graph stays.
    writeFileSync(overlayPath, '{"services": [')
    jaeger.deps([...SHOP, dep('web', 'search')])
    const r = await refresh()
    expect(r).toMatchObject({ result: 'failed', reason: 'overlay' })
    expect((r as { error: string }).error).toContain(overlayPath)
    expect(edgesOf(store)).not.toContain('web>search')
  })

  it('adds an edge that appears, keeps one that stops for the retention, then removes it', async () => {
    jaeger.deps(SHOP)
    const { store, refresh, advance } = setup({ AIOPS_GRAPH_EDGE_RETENTION_SEC: '3600', AIOPS_GRAPH_MAX_SHRINK: '1' })
    await refresh()
    jaeger.deps([...SHOP, dep('web', 'search')])
    advance(300)
    expect(await refresh()).toMatchObject({ result: 'applied', added_edges: 1, removed_edges: 0 })
    jaeger.deps(SHOP) // web → search goes quiet
    advance(3000)
    expect((await refresh()).result).toBe('unchanged')
    expect(edgesOf(store)).toContain('web>search')
    advance(900) // last seen 3900 s ago, beyond the retention
    expect(await refresh()).toMatchObject({ result: 'applied', added_edges: 0, removed_edges: 1, removed_nodes: 1 })
    expect(edgesOf(store)).not.toContain('web>search')
  })

  it('holds back a collapsed graph as the pending candidate, with the reason, and keeps serving the live one', async () => {
    const many = Array.from({ length: 10 }, (_, i) => dep('web', `svc-${i}`))
    jaeger.deps(many)
    const { store, discovery, metrics, refresh, advance } = setup({ AIOPS_GRAPH_EDGE_RETENTION_SEC: '0' })
    await refresh()
    const live = store.current
    jaeger.deps(many.slice(0, 3)) // a half-scraped source: 7 of 10 edges gone
    advance(60)
    const r = await refresh()
    expect(r).toMatchObject({ result: 'rejected' })
    expect((r as { reason: string }).reason).toContain('70 %')
    expect(store.current).toBe(live!)
    const c = discovery.candidates.current()!
    expect(c.reason).toEqual({ kind: 'shrink', removed_share: 0.7, max_shrink: 0.5 })
    expect(c.graph.edges).toHaveLength(3)
    expect((await metrics.graphRefreshes.get()).values).toContainEqual({ value: 1, labels: { source: 'jaeger', outcome: 'rejected' } })
    // A smaller shrink goes through.
    jaeger.deps(many.slice(0, 6))
    expect(await refresh()).toMatchObject({ result: 'applied', removed_edges: 4 })
  })

  it('in shadow mode offers every changed graph as the candidate instead of applying it, once per content', async () => {
    jaeger.deps(SHOP)
    const seen: string[] = []
    const config = parseConfig({ AIOPS_GRAPH_SOURCE: 'jaeger', AIOPS_JAEGER_URL: jaeger.url, AIOPS_GRAPH_REFRESH_MODE: 'shadow' })
    const store = new GraphStore(makeDeps().store.current)
    const d = createDiscovery({
      config,
      store,
      metrics: createMetrics(new Registry()),
      logger: silentLogger,
      onCandidate: (g, why) => seen.push(`${g.version}:${why.kind}`),
    })!
    const live = store.current
    expect((await d.refresher.reload('test')).result).toBe('candidate')
    expect((await d.refresher.reload('test')).result).toBe('unchanged')
    expect(store.current).toBe(live!)
    expect(seen).toEqual([expect.stringMatching(/^jaeger-[0-9a-f]{12}:changed$/)])
  })

  const failures: Array<[string, () => Response | Promise<Response>, string]> = [
    ['hangs past the timeout', async () => (await Bun.sleep(2000), Response.json({ data: SHOP })), 'timeout'],
    ['answers 503', () => new Response('upstream down', { status: 503 }), 'http_error'],
    ['answers HTML', () => new Response('<html>', { status: 200 }), 'bad_answer'],
    ['answers JSON without data', () => Response.json({ errors: ['boom'] }), 'bad_answer'],
    ['answers no edges', () => Response.json({ data: [] }), 'empty'],
    ['answers only non-service peers', () => Response.json({ data: [dep('', 'x'), dep('unknown', 'y')] }), 'empty'],
  ]
  for (const [name, answer, reason] of failures) {
    it(`keeps the live graph when Jaeger ${name} (${reason})`, async () => {
      const { store, metrics, refresh } = setup()
      const live = store.current
      jaeger.respond(answer)
      expect(await refresh()).toMatchObject({ result: 'failed', reason, source: 'jaeger' })
      expect(store.current).toBe(live!)
      expect((await metrics.graphRefreshFailures.get()).values).toEqual([{ value: 1, labels: { source: 'jaeger', reason } }])
      expect((await metrics.graphLastRefreshSuccessTimestamp.get()).values).toEqual([]) // never answered
    })
  }

  it('says nothing is there when the Jaeger URL does not answer at all (down)', async () => {
    const config = parseConfig({ AIOPS_GRAPH_SOURCE: 'jaeger', AIOPS_JAEGER_URL: 'http://127.0.0.1:9' })
    const store = new GraphStore(makeDeps().store.current)
    const d = createDiscovery({ config, store, metrics: createMetrics(new Registry()), logger: silentLogger })!
    expect(await d.refresher.reload('test')).toMatchObject({ result: 'failed', reason: 'down' })
  })
})
