/**
 * One scenario of a named situation (situations.ts) on a topology with its profile: one
 * incident planned the situation's way, the edge alerts the topology's mesh raises along it,
 * the topology's chronic alerts, unrelated noise and edge chatter, then the same sender
 * messiness as every batch (skew, order, timestamp styles) through assembleBatch. A cascade
 * is today's generateScenario, unchanged.
 */
import type { Scenario } from '../scenario.ts'
import { assembleBatch, generateScenario } from './batch.ts'
import { edgeNoiseFirings, incidentEdgeFirings } from './edge-firings.ts'
import { fire, type Fingerprint, type Firing } from './fingerprint.ts'
import { chooseRoot, fingerprintsFor, planIncident, type IncidentOptions, type IncidentPlan } from './incident.ts'
import type { Affected } from './propagate.ts'
import { edgeFingerprint, edgeServer } from './mesh.ts'
import { noiseFirings } from './noise.ts'
import { chronicFirings, type TopologyProfile } from './profile.ts'
import type { Rng } from './prng.ts'
import { planQuietDeps, planSilentEdge, weakCallees } from './situation-incidents.ts'
import type { Situation } from './situations.ts'
import { undirectedDistances, type ServiceNode, type Topology } from './topology.ts'

/** Alerts a small batch may hold at most (issue: "small batches, at most 60 alerts"). */
export const SMALL_BATCH_MAX = 60
// Chance that a chronic fingerprint fires in a batch it is not the point of: with the
// chronic situation's own batches this puts chronic services in roughly half of a topology's batches.
const CHRONIC_P = 0.45
// Edge alerts on top of an incident's own, at most this share of its budget: mesh alert
// windows are short, so the per-call alerts are fewer than the per-service ones.
const EDGE_SHARE = 0.4
// Share of quiet-deps incidents whose root's slow client spans also raise an edge alert.
const DECOY_EDGE_P = 0.4
// Same as the cascade model's silent-root share, for small batches.
const SILENT_ROOT_P = 0.15

function sizeClass(n: number): string {
  return n < 25 ? 's' : n < 60 ? 'm' : n < 200 ? 'l' : 'xl'
}

/** A root within two hops (undirected) of a chronic service, so the chronic alerts sit inside the incident's neighbourhood. */
function rootNearChronic(rng: Rng, topo: Topology, profile: TopologyProfile): { root: string; near: string } | null {
  for (const fp of rng.shuffle([...profile.chronic])) {
    const dist = undirectedDistances(topo, [fp.service])
    const near = [...dist].filter(([s, d]) => d >= 1 && d <= 2 && topo.nodes.get(s)?.hidden === false && topo.nodes.get(s)?.tier !== 'edge').map(([s]) => s)
    // Prefer roots that call the chronic service: it then sits below the incident, where a
    // ranking that favours downstream services looks first.
    const callers = topo.callers.get(fp.service) ?? new Set<string>()
    if (near.length > 0) return { root: rng.weighted(near.map((s) => [s, callers.has(s) ? 3 : 1] as const)), near: fp.service }
  }
  return null
}

/**
 * Trim to `max` alerts: first repeat firings (the latest of the most repeated fingerprint),
 * then whole noise alerts, then the incident's last firings (extras and edges come last).
 */
function capFirings(incident: Firing[], noise: Firing[], max: number): void {
  while (incident.length + noise.length > max) {
    const counts = new Map<Fingerprint, number>()
    for (const f of [...incident, ...noise]) counts.set(f.fp, (counts.get(f.fp) ?? 0) + 1)
    let most: Fingerprint | null = null
    let n = 1
    for (const [fp, c] of counts) if (c > n) [most, n] = [fp, c]
    if (most !== null) {
      const list = incident.some((f) => f.fp === most) ? incident : noise
      list.splice(
        list.findLastIndex((f) => f.fp === most),
        1,
      )
    } else if (noise.length > 0) noise.pop()
    else incident.pop()
  }
}

/**
 * Generate one scenario of `situation`. Falls back to a cascade (and says so in the meta)
 * when the graph cannot host the situation.
 */
export function generateSituationScenario(rng: Rng, topo: Topology, profile: TopologyProfile, situation: Situation, name: string): Scenario {
  if (situation === 'cascade') return generateScenario(rng, topo, name)
  const small = situation === 'small-batch'
  const target = small ? rng.int(6, 45) : rng.int(15, 150)
  // Callers catch the fault less often than in the cascade model: on real systems about two
  // callers in three of the faulty service alert at all (the eval-real data).
  const o: IncidentOptions = {
    group: 0,
    startSec: 0,
    budget: target,
    silentRootP: SILENT_ROOT_P,
    forceStale: false,
    p0: rng.float(0.45, 0.9),
    decay: rng.float(0.45, 0.8),
    common: profile.common,
  }
  let plan: IncidentPlan | null = null
  let forcedToRoot: string[] = []
  let nearChronic: string | null = null
  let aliasNode: ServiceNode | null = null
  if (situation === 'quiet-deps') plan = planQuietDeps(rng, topo, o)
  else if (situation === 'silent-edge') {
    const planned = planSilentEdge(rng, topo, o)
    if (planned !== null) [plan, forcedToRoot] = [planned.plan, [planned.forcedCaller]]
  } else if (situation === 'alias') {
    const views = [...topo.nodes.values()].filter((n) => n.aliasOf !== undefined && topo.nodes.get(n.aliasOf)?.hidden === false)
    if (views.length > 0) {
      aliasNode = rng.pick(views)
      plan = planIncident(rng, topo, aliasNode.aliasOf ?? '', { ...o, silentRootP: 0 })
    }
  } else {
    const near = situation === 'chronic' ? rootNearChronic(rng, topo, profile) : null
    const root = near?.root ?? chooseRoot(rng, topo, new Set(), false)
    nearChronic = near?.near ?? null
    // The chronic situation tests one trap: its root alerts (silent roots have their own situations).
    const silentRootP = situation === 'chronic' ? 0 : SILENT_ROOT_P
    if (root !== null && (situation !== 'chronic' || near !== null)) plan = planIncident(rng, topo, root, { ...o, silentRootP })
  }
  if (plan === null) {
    const fallback = generateScenario(rng, topo, name)
    return { ...fallback, meta: { ...(fallback.meta ?? { n_alerts: 0, n_incidents: 0 }), situation_detail: { fallback_from: situation } } }
  }

  const maxEdges = Math.max(3, Math.round(target * EDGE_SHARE))
  const edges = incidentEdgeFirings(rng, topo, profile, plan.affected, plan.fault, { group: 0, startSec: 0, forcedToRoot, max: maxEdges, endSec: plan.endSec })
  const incidentFirings = [...plan.firings, ...edges]
  if (aliasNode !== null) {
    // The view measures the same component from the caller side: the callers' symptoms, at
    // the root's onset, often as loud.
    const view: Affected = { service: aliasNode.name, hop: 1, onsetSec: rng.float(0, 15), via: plan.root }
    for (const fp of fingerprintsFor(rng, aliasNode, view, plan.fault, o).slice(0, 2)) incidentFirings.push(...fire(rng, fp, rng.int(1, 4)))
  }
  const noise: Firing[] = []
  let quietCallees: string[] = []
  let weak: string[] = []
  if (situation === 'quiet-deps') {
    const below = weakCallees(rng, topo, plan.root, profile.common)
    for (const f of below.firings) (f.fp.group === -1 ? noise : incidentFirings).push(f)
    ;[quietCallees, weak] = [below.quiet, below.weak]
  }
  // Services that must stay as they are for the situation to be what it claims.
  const protect = new Set<string>([...quietCallees, ...weak, ...(plan.silent ? [plan.root] : [])])
  const affected = new Set(plan.affected.map((a) => a.service))

  // A starved root's own client spans slow down too: its calls to the healthy callees alert on
  // the edge, which points the wrong way (at the callee) and is part of the incident.
  if (quietCallees.length > 0 && rng.chance(DECOY_EDGE_P)) {
    const rootNode = topo.nodes.get(plan.root)
    if (rootNode !== undefined) {
      const fp = edgeFingerprint(rng, {
        style: profile.mesh,
        client: rootNode,
        server: rng.pick(quietCallees),
        metric: 'latency_p99_ms',
        severity: 'warning',
        intensity: rng.float(0.1, 0.5),
        onsetSec: rng.float(5, 40),
        group: 0,
        hop: 0,
        common: profile.common,
      })
      incidentFirings.push(...fire(rng, fp, rng.int(1, 2)))
    }
  }

  const chronic: Firing[] = []
  for (const fp of profile.chronic) {
    if (protect.has(fp.service)) continue
    const loud = fp.service === nearChronic
    if (loud || rng.chance(CHRONIC_P)) chronic.push(...chronicFirings(rng, fp, plan.startSec, plan.endSec, loud ? 6 : 3))
  }
  noise.push(...chronic)
  const noiseFrac = rng.chance(0.3) ? 0 : rng.float(0.03, 0.15)
  noise.push(
    ...noiseFirings(rng, topo, {
      count: Math.round(target * noiseFrac),
      unknownFrac: rng.float(0.15, 0.45),
      affected: new Set([...affected, ...protect]),
      spanStartSec: 0,
      spanEndSec: plan.endSec,
      common: profile.common,
    }),
  )
  if (rng.chance(0.5)) noise.push(...edgeNoiseFirings(rng, topo, profile, rng.int(1, 2), new Set([...affected, ...protect]), plan.endSec))
  if (small) capFirings(incidentFirings, noise, SMALL_BATCH_MAX)

  const { alerts, truth, tsStyle, order } = assembleBatch(rng, [{ plan: { ...plan, firings: incidentFirings }, separation: null, minDist: null }], noise)
  const edgeAlerts = alerts.filter((a) => edgeServer(a.labels ?? {}) !== null)
  const alerting = new Set(alerts.map((a) => a.service))
  const chronicInBatch = [...new Set(chronic.map((f) => f.fp.service))].filter((c) => alerting.has(c))
  return {
    name,
    topology: topo.name,
    alerts,
    truth,
    meta: {
      n_alerts: alerts.length,
      n_incidents: truth.incidents.length,
      situation,
      situation_detail: {
        mesh: profile.mesh,
        edge_alerts: edgeAlerts.length,
        edge_alerts_naming_root: edgeAlerts.filter((a) => edgeServer(a.labels ?? {}) === plan.root).length,
        quiet_callees: quietCallees.filter((c) => !alerting.has(c)),
        weak_callees: weak,
        chronic_services: chronicInBatch,
        chronic_near_root: nearChronic,
        alias_of_root: aliasNode?.name ?? null,
      },
      ts_style: tsStyle,
      knobs: { size_class: sizeClass(alerts.length), target_size: target, noise_frac: Math.round(noiseFrac * 1000) / 1000, order, p0: o.p0, decay: o.decay },
    },
  }
}
