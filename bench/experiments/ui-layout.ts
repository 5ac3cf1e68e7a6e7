/**
 * The picture's layout (src/ui/layered-layout.ts) against @dagrejs/dagre on
 * the pictures the page draws: the dataset samples and generated fan-in
 * cascades. Prints size, edge crossings (segments that cross, counted the
 * same way for both) and layout time. dagre is not a dependency; install it
 * for the comparison without saving:
 *   bun add --no-save @dagrejs/dagre && bun bench/experiments/ui-layout.ts
 */
import type { StoredIncident } from '../../src/store/incident-record.ts'
import { alertsById, groupByService } from '../../src/ui/cluster-alerts.ts'
import { layeredLayout } from '../../src/ui/layered-layout.ts'
import { propagationView } from '../../src/ui/propagation-view.ts'
import { largeGraph } from '../scenarios/gen-large.ts'
import { datasetGraph, fanInIncident, reportOf, sampleAlerts, storedIncident } from '../../test/support/incident-fixtures.ts'

type Point = { x: number; y: number }
// Box size of a typical node of the picture.
const W = 140
const H = 44
const RUNS = 20

/** Pairs of edges (polylines) that cross somewhere. */
function crossings(edges: Point[][]): number {
  const side = (p: Point, q: Point, r: Point) => Math.sign((q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x))
  const cut = (a: Point, b: Point, c: Point, d: Point) => side(a, b, c) * side(a, b, d) < 0 && side(c, d, a) * side(c, d, b) < 0
  let n = 0
  for (let i = 0; i < edges.length; i++) {
    for (let j = i + 1; j < edges.length; j++) {
      const [e, f] = [edges[i]!, edges[j]!]
      if (e.some((p, k) => k > 0 && f.some((q, m) => m > 0 && cut(e[k - 1]!, p, f[m - 1]!, q)))) n++
    }
  }
  return n
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let dagre: any
try {
  dagre = (await import('@dagrejs/dagre' as string)).default
} catch {
  console.log('(@dagrejs/dagre not installed: own layout only)')
}

const cases: Array<[string, StoredIncident, Parameters<typeof propagationView>[4]?]> = []
const { graph, history } = await datasetGraph()
for (const name of ['cascade-20', 'multi-incident', 'large-cascade']) {
  const alerts = await sampleAlerts(name)
  cases.push([name, storedIncident(name, alerts, await reportOf(alerts, graph, history), graph)])
}
for (const services of [50, 200]) {
  const f = fanInIncident({ services, alertsPerService: 2, fanIn: 6 })
  const incident = storedIncident('f', f.alerts, await reportOf(f.alerts, f.graph, []), f.graph)
  cases.push([`fan-in-${services}`, incident])
  // What collapsing saves the layout from: every service drawn.
  cases.push([`fan-in-${services}-all`, incident, { maxNodes: 10_000, maxPerLevel: 10_000 }])
}

type Input = { name: string; nodes: Array<{ id: string; width: number; height: number; pin?: 'first' | 'last' }>; edges: Array<{ from: string; to: string }> }
const inputs: Input[] = cases.map(([name, incident, limits]) => {
  const cluster = incident.report.clusters[0]!
  const picture = propagationView(cluster, groupByService(cluster, alertsById(incident.alerts)), incident.graph, new Set(), limits)
  const nodes = picture.nodes.map((n) => ({
    id: n.id,
    width: W,
    height: H,
    pin: n.role === 'collapsed-alerting' ? ('first' as const) : n.role === 'collapsed-quiet' ? ('last' as const) : undefined,
  }))
  return { name, nodes, edges: picture.edges }
})
// Whole call graphs with cross edges, where ordering has work to do: the dataset's and generated ones.
for (const [name, g] of [
  ['dataset-graph', graph],
  ['generated-40', largeGraph(40, 3)],
  ['generated-120', largeGraph(120, 5)],
] as const) {
  const services = 'services' in g ? g.services : g.nodes
  inputs.push({ name, nodes: services.map((n) => ({ id: n.name, width: W, height: H })), edges: g.edges })
}

for (const { name, nodes, edges } of inputs) {
  const picture = { edges }
  let t = performance.now()
  let own = layeredLayout(nodes, picture.edges)
  for (let i = 1; i < RUNS; i++) own = layeredLayout(nodes, picture.edges)
  const ownMs = (performance.now() - t) / RUNS
  let line = `${name.padEnd(15)} boxes ${String(nodes.length).padStart(3)} edges ${String(edges.length).padStart(3)} | own ${own.width.toFixed(0)}×${own.height.toFixed(0)} crossings ${crossings(own.edges.map((e) => e.points.map(([x, y]) => ({ x, y }))))} ${ownMs.toFixed(2)} ms`
  if (dagre) {
    t = performance.now()
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let g: any
    for (let i = 0; i < RUNS; i++) {
      g = new dagre.graphlib.Graph()
      g.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 64, marginx: 16, marginy: 16 })
      g.setDefaultEdgeLabel(() => ({}))
      for (const n of nodes) g.setNode(n.id, { width: W, height: H })
      for (const e of picture.edges) g.setEdge(e.from, e.to)
      dagre.layout(g)
    }
    const dagreMs = (performance.now() - t) / RUNS
    line += ` | dagre ${g.graph().width.toFixed(0)}×${g.graph().height.toFixed(0)} crossings ${crossings(g.edges().map((e: unknown) => g.edge(e).points as Point[]))} ${dagreMs.toFixed(2)} ms`
  }
  console.log(line)
}
