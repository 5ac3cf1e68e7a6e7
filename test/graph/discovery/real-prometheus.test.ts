/**
 * Graph discovery through a real Prometheus (Debian's package; .ci/run
 * installs it) scraping a loopback exporter of OpenTelemetry servicegraph,
 * Istio and Linkerd call counters: each preset and a custom query find the
 * graph the series describe, an edge that starts carrying traffic is picked
 * up by the next refresh, and with Prometheus gone the live graph keeps
 * serving and the failure is counted. Skips only when the binary is absent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { Registry } from 'prom-client'
import { parseConfig } from '../../../src/config.ts'
import { createDiscovery } from '../../../src/graph/discovery/from-config.ts'
import { GraphStore } from '../../../src/graph/store.ts'
import { silentLogger } from '../../../src/logger.ts'
import { createMetrics } from '../../../src/metrics.ts'
import { startCallExporter, type CallSeries } from '../../support/call-exporter.ts'
import { waitFor } from '../../support/processes.ts'
import { PROMETHEUS, startPrometheus } from '../../support/prometheus.ts'
import { makeDeps } from '../../support/helpers.ts'

const sg = (client: string, server: string, connection_type = ''): CallSeries => ({
  metric: 'traces_service_graph_request_total',
  labels: { client, server, connection_type },
})
const istio = (src: string, dst: string, reporter = 'source'): CallSeries => ({
  metric: 'istio_requests_total',
  labels: {
    reporter,
    source_workload: src,
    source_workload_namespace: 'shop',
    destination_workload: dst,
    destination_workload_namespace: 'shop',
    response_code: '200',
  },
})
const linkerd = (src: string, dst: string, direction = 'outbound'): CallSeries => ({
  metric: 'response_total',
  labels: { direction, deployment: src, namespace: 'shop', dst_deployment: dst, dst_namespace: 'shop' },
})

const SERIES: CallSeries[] = [
  sg('web', 'checkout'),
  sg('checkout', 'payment'),
  sg('payment', 'payment-db', 'database'),
  sg('checkout', 'orders', 'messaging_system'),
  sg('unknown', 'web'), // an unresolved peer: never a node
  sg('payment', '10.0.3.7:5432'), // an address: never a node
  istio('productpage', 'reviews'),
  istio('reviews', 'ratings'),
  istio('unknown', 'productpage'),
  istio('reviews', 'details', 'destination'), // destination-reported: the preset counts each call once, at the source
  linkerd('web', 'api'),
  linkerd('api', 'db'),
  linkerd('api', ''), // a call to an unmeshed peer
  linkerd('db', 'web', 'inbound'),
  { metric: 'my_calls_total', labels: { src: 'a', dst: 'b' } },
  { metric: 'my_calls_total', labels: { src: 'b', dst: 'c' } },
]

const edgesOf = (store: GraphStore) => store.current!.graph.data.edges.map((e) => `${e.from}>${e.to}`).sort()
const tiersOf = (store: GraphStore) => Object.fromEntries(store.current!.graph.data.nodes.map((n) => [n.name, n.tier]))

describe.skipIf(!PROMETHEUS)('graph discovery from a real Prometheus', () => {
  const exporter = startCallExporter(SERIES)
  let prom: Awaited<ReturnType<typeof startPrometheus>>

  beforeAll(async () => {
    prom = await startPrometheus([exporter.target])
    // rate() needs two samples of every series in the window.
    await waitFor('two scrapes', async () => ((await prom.query('min(count_over_time(my_calls_total[1m])) >= 2')).length > 0 ? true : undefined), 30_000)
  }, 40_000)

  afterAll(async () => {
    await prom?.stop()
    exporter.stop()
  })

  function discover(env: Record<string, string>) {
    const config = parseConfig({ AIOPS_GRAPH_SOURCE: 'prometheus', AIOPS_PROMETHEUS_URL: prom.url, ...env })
    const deps = makeDeps({ config })
    const store = new GraphStore(deps.store.current)
    const metrics = createMetrics(new Registry())
    return { store, metrics, discovery: createDiscovery({ config, store, metrics, logger: silentLogger })! }
  }

  it('servicegraph: finds the call edges, tells datastores and queues by connection_type, drops unknown peers and addresses', async () => {
    const { store, discovery } = discover({})
    const r = await discovery.refresher.reload('test')
    expect(r).toMatchObject({ result: 'applied', source: 'prometheus:servicegraph' })
    expect(edgesOf(store)).toEqual(['checkout>orders', 'checkout>payment', 'payment>payment-db', 'web>checkout'])
    expect(tiersOf(store)).toEqual({ web: 'service', checkout: 'service', payment: 'service', 'payment-db': 'db', orders: 'queue' })
    expect(store.current!.graphOrigin).toBe('prometheus:servicegraph')
    expect(store.current!.graph.data.edges.every((e) => (e.weight ?? 0) > 0)).toBe(true) // calls/s
  })

  it('istio: source-reported workloads only, without unknown sources', async () => {
    const { store, discovery } = discover({ AIOPS_GRAPH_PROMQL_PRESET: 'istio' })
    expect((await discovery.refresher.reload('test')).result).toBe('applied')
    expect(edgesOf(store)).toEqual(['productpage>reviews', 'reviews>ratings'])
    expect(store.current!.graphOrigin).toBe('prometheus:istio')
  })

  it('linkerd: outbound deployments only, without unmeshed peers', async () => {
    const { store, discovery } = discover({ AIOPS_GRAPH_PROMQL_PRESET: 'linkerd' })
    expect((await discovery.refresher.reload('test')).result).toBe('applied')
    expect(edgesOf(store)).toEqual(['api>db', 'web>api'])
  })

  it('custom: a query of our own with the labels that name caller and callee', async () => {
    const { store, discovery } = discover({ AIOPS_GRAPH_PROMQL: 'sum by (src, dst) (rate(my_calls_total[$lookback]))', AIOPS_GRAPH_PROMQL_LABELS: 'src,dst' })
    expect((await discovery.refresher.reload('test')).result).toBe('applied')
    expect(edgesOf(store)).toEqual(['a>b', 'b>c'])
    expect(store.current!.graphOrigin).toBe('prometheus:custom')
  })

  it('a query Prometheus rejects fails the refresh with its error, and the live graph stays', async () => {
    const { store, discovery, metrics } = discover({
      AIOPS_GRAPH_PROMQL: 'sum by (src, dst) (rate(my_calls_total[$lookback]',
      AIOPS_GRAPH_PROMQL_LABELS: 'src,dst',
    })
    const before = store.current
    const r = await discovery.refresher.reload('test')
    expect(r).toMatchObject({ result: 'failed', reason: 'bad_answer' })
    expect((r as { error: string }).error).toContain('bad_data')
    expect(store.current).toBe(before!)
    expect((await metrics.graphRefreshFailures.get()).values).toEqual([{ value: 1, labels: { source: 'prometheus:custom', reason: 'bad_answer' } }])
  })

  it('picks up an edge that starts carrying traffic at the next refresh, as a new version', async () => {
    const { store, discovery } = discover({})
    await discovery.refresher.reload('test')
    const v1 = store.current!.graph.data.version
    expect((await discovery.refresher.reload('test')).result).toBe('unchanged')
    exporter.add(sg('web', 'search'))
    await waitFor(
      'two samples of the new edge',
      async () => ((await prom.query('count_over_time(traces_service_graph_request_total{server="search"}[1m]) >= 2')).length > 0 ? true : undefined),
      30_000,
    )
    const r = await discovery.refresher.reload('test')
    expect(r).toMatchObject({ result: 'applied', added_edges: 1, removed_edges: 0, added_nodes: 1 })
    expect(edgesOf(store)).toContain('web>search')
    expect(store.previous!.graph.data.version).toBe(v1)
  })

  // Last: it stops the shared Prometheus.
  it('keeps the live graph when Prometheus goes away, logs one line naming source and reason, and counts it', async () => {
    const lines: Array<Record<string, unknown>> = []
    const { store, discovery, metrics } = discover({})
    await discovery.refresher.reload('test')
    const live = store.current
    await prom.stop()
    const { createLogger } = await import('../../../src/logger.ts')
    const logger = createLogger('info', (l) => lines.push(JSON.parse(l)))
    const config = parseConfig({ AIOPS_GRAPH_SOURCE: 'prometheus', AIOPS_PROMETHEUS_URL: prom.url })
    const again = createDiscovery({ config, store, metrics, logger })!
    const r = await again.refresher.reload('test')
    expect(r).toMatchObject({ result: 'failed', reason: 'down', source: 'prometheus:servicegraph', version: live!.graph.data.version })
    expect(store.current).toBe(live!)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ level: 'warn', source: 'prometheus:servicegraph', reason: 'down' })
    expect((await metrics.graphRefreshes.get()).values).toContainEqual({ value: 1, labels: { source: 'prometheus:servicegraph', outcome: 'failed' } })
    expect((await metrics.graphRefreshFailures.get()).values).toEqual([{ value: 1, labels: { source: 'prometheus:servicegraph', reason: 'down' } }])
  })
})
