/**
 * A seeded multi-cluster workload for the performance suite: a ~1000-service
 * generated call graph (bench/scenarios/gen/topology.ts) and one batch holding several
 * independent incidents, each a fault spreading up from its own root
 * (bench/scenarios/gen/propagate.ts), an hour apart so they correlate into separate
 * clusters. Every affected service fires from each of its pods several times,
 * which is what a real alert storm looks like and what makes per-cluster
 * analysis worth spreading over workers. Pure given the seed.
 */
import { callerMetricsFor, pickFault, rootMetricsFor } from '../scenarios/gen/faults.ts'
import { Rng } from '../scenarios/gen/prng.ts'
import { propagate } from '../scenarios/gen/propagate.ts'
import { generateTopology, graphDocument } from '../scenarios/gen/topology.ts'
import type { GraphDocument, ScenarioAlert } from '../scenarios/scenario.ts'

export interface MultiClusterOptions {
  seed: number
  services: number
  clusters: number
  /** Firings per (service, metric, pod) source; repeats collapse into one source. */
  repeats: number
}

export const MULTI_CLUSTER_DEFAULTS: MultiClusterOptions = { seed: 20260608, services: 1000, clusters: 10, repeats: 3 }

export interface MultiClusterWorkload {
  graph: GraphDocument
  alerts: ScenarioAlert[]
  roots: string[]
}

const BASE_TS = 1_780_000_000
// Far beyond any sane AIOPS_GAP_SEC, so incidents never merge in time.
const INCIDENT_SPACING_SEC = 3600

/**
 * @example const { graph, alerts } = multiClusterWorkload({ clusters: 8 })
 */
export function multiClusterWorkload(options: Partial<MultiClusterOptions> = {}): MultiClusterWorkload {
  const o = { ...MULTI_CLUSTER_DEFAULTS, ...options }
  const rng = new Rng(o.seed)
  const topo = generateTopology(rng, 'bench-multi', o.services)
  const visible = [...topo.nodes.values()].filter((n) => !n.hidden)
  // Roots with many callers give big cascades: the expensive case worth parallelising.
  const byReach = [...visible].sort((a, b) => (topo.callers.get(b.name)?.size ?? 0) - (topo.callers.get(a.name)?.size ?? 0) || (a.name < b.name ? -1 : 1))
  const roots = byReach.filter((n) => n.tier !== 'edge').slice(0, o.clusters * 3)
  rng.shuffle(roots)
  const alerts: ScenarioAlert[] = []
  const chosen = roots.slice(0, o.clusters)
  chosen.forEach((root, k) => {
    const start = BASE_TS + k * INCIDENT_SPACING_SEC
    const fault = pickFault(rng, root.tier)
    for (const hit of propagate(rng, topo, root.name, { p0: 0.95, decay: 0.8, maxHops: 4, minDelaySec: 5, maxDelaySec: 40 })) {
      const node = topo.nodes.get(hit.service)
      if (!node || node.hidden) continue
      const metrics = hit.hop === 0 ? rootMetricsFor(rng, fault) : callerMetricsFor(rng, fault, hit.hop)
      for (const metric of metrics) {
        for (const pod of node.pods.slice(0, 3)) {
          for (let r = 0; r < o.repeats; r++) {
            alerts.push({
              id: `k${k}-${alerts.length}`,
              ts: start + Math.round(hit.onsetSec) + r * 15,
              service: hit.service,
              metric,
              severity: hit.hop === 0 ? 'critical' : 'warning',
              value: 2 + rng.float(0, 3),
              threshold: 1,
              labels: { pod },
            })
          }
        }
      }
    }
  })
  return { graph: graphDocument(topo, o.seed), alerts, roots: chosen.map((r) => r.name) }
}

if (import.meta.main) {
  const w = multiClusterWorkload()
  console.log(JSON.stringify({ services: w.graph.services.length, edges: w.graph.edges.length, alerts: w.alerts.length, roots: w.roots }))
}
