/**
 * Edge alerts along an incident's propagation: every affected caller saw its calls to the
 * callee it caught the fault from go slow or fail, and the mesh raises an alert on that call
 * edge if it instruments it (the profile's coverage; less often further from the root, where
 * the symptom is weaker). Plus the mesh's own chatter: edge alerts on calls no fault touched,
 * as a per-edge detector crosses its threshold now and then on a healthy minute.
 */
import type { FaultKind } from './faults.ts'
import { fire, firingCount, type Firing } from './fingerprint.ts'
import { severityFor } from './incident.ts'
import { edgeFingerprint, type EdgeMetric } from './mesh.ts'
import type { TopologyProfile } from './profile.ts'
import type { Rng } from './prng.ts'
import type { Affected } from './propagate.ts'
import type { Topology } from './topology.ts'

export interface EdgeFiringOptions {
  group: number
  startSec: number
  /** Callers whose edge to the root always alerts (the silent-edge situation's evidence). */
  forcedToRoot?: readonly string[]
  /** Further hops alert with the coverage times this factor per hop. */
  hopDecay?: number
  /** Stop adding edges once this many edge alerts fired (forced edges always fire). */
  max?: number
  /** The incident's end: an edge alert repeats while the incident lasts, up to a few times. */
  endSec: number
}

// An edge alert re-notifies like any alert while the incident lasts; sampled traces leave
// gaps, so a long incident's edge alert stops after a bounded number of repeats.
const MAX_EDGE_REPEATS = 10

function isForced(a: Affected, o: EdgeFiringOptions): boolean {
  return a.hop === 1 && (o.forcedToRoot ?? []).includes(a.service)
}

function edgeMetric(rng: Rng, fault: FaultKind): EdgeMetric {
  const options = fault.callerSymptoms.flatMap(([m, w]) => (m === 'latency_p99_ms' || m === 'error_rate' ? [[m, w] as const] : []))
  return options.length > 0 ? rng.weighted<EdgeMetric>(options) : 'latency_p99_ms'
}

/**
 * Edge alert firings for the affected callers of one incident.
 */
export function incidentEdgeFirings(
  rng: Rng,
  topo: Topology,
  profile: TopologyProfile,
  affected: readonly Affected[],
  fault: FaultKind,
  o: EdgeFiringOptions,
): Firing[] {
  const out: Firing[] = []
  const decay = o.hopDecay ?? 0.6
  const max = o.max ?? Number.POSITIVE_INFINITY
  // Forced edges first, so the cap never drops the evidence a situation promises.
  const forcedFirst = [...affected].sort((a, b) => Number(isForced(b, o)) - Number(isForced(a, o)))
  for (const a of forcedFirst) {
    if (a.hop === 0 || a.via === null) continue
    const caller = topo.nodes.get(a.service)
    if (caller === undefined) continue
    const forced = isForced(a, o)
    if (!forced && (out.length >= max || !rng.chance(profile.edgeCoverage * decay ** (a.hop - 1)))) continue
    const fp = edgeFingerprint(rng, {
      style: profile.mesh,
      client: caller,
      server: a.via,
      metric: edgeMetric(rng, fault),
      severity: severityFor(rng, a.hop),
      intensity: rng.float(0.3, 0.9) * 0.8 ** (a.hop - 1),
      onsetSec: o.startSec + a.onsetSec + rng.float(0, 20),
      group: o.group,
      hop: a.hop,
      common: profile.common,
    })
    out.push(...fire(rng, fp, Math.min(firingCount(fp, o.endSec), MAX_EDGE_REPEATS)))
  }
  return out
}

/**
 * `count` edge alerts on calls between services outside `avoid`, firing once each: healthy
 * edges crossing their threshold for a minute. Noise in the truth.
 */
export function edgeNoiseFirings(rng: Rng, topo: Topology, profile: TopologyProfile, count: number, avoid: ReadonlySet<string>, spanEndSec: number): Firing[] {
  const edges: [string, string][] = []
  for (const [from, tos] of topo.callees) {
    if (avoid.has(from) || topo.nodes.get(from)?.hidden === true) continue
    for (const to of tos) if (!avoid.has(to)) edges.push([from, to])
  }
  const out: Firing[] = []
  for (const [from, to] of rng.sample(edges, count)) {
    const caller = topo.nodes.get(from)
    if (caller === undefined) continue
    const fp = edgeFingerprint(rng, {
      style: profile.mesh,
      client: caller,
      server: to,
      metric: rng.chance(0.8) ? 'latency_p99_ms' : 'error_rate',
      severity: rng.chance(0.7) ? 'warning' : 'info',
      intensity: rng.float(0, 0.3),
      onsetSec: rng.float(-60, spanEndSec + 60),
      group: -1,
      hop: -1,
      common: profile.common,
    })
    out.push(...fire(rng, fp, 1))
  }
  return out
}
