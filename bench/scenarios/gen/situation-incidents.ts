/**
 * Incidents as real fault data shows them, where the cascade model does not: a loud mid-tier
 * root above healthy, silent dependencies (it shows its own symptoms: resource alerts plus
 * its own latency and errors, on most of its pods, first), and a network fault at a service
 * that raises nothing itself (a delay at the network layer moves none of its own metrics;
 * only its callers' latency shows it). Both return the same IncidentPlan as the cascade model.
 */
import type { Severity, Tier } from '../scenario.ts'
import { FAULTS, rootMetricsFor, type FaultKind, type Metric } from './faults.ts'
import { fire, makeFingerprint, type Firing, type Fingerprint } from './fingerprint.ts'
import { fingerprintsFor, fireToBudget, trimAffected, type IncidentOptions, type IncidentPlan } from './incident.ts'
import type { Rng } from './prng.ts'
import { propagate } from './propagate.ts'
import type { ServiceNode, Topology } from './topology.ts'

export const NETWORK_DELAY: FaultKind = {
  name: 'network_delay',
  rootMetrics: [],
  tiers: { service: 0.55, db: 0.2, cache: 0.15, queue: 0.1 },
  callerSymptoms: [
    ['latency_p99_ms', 0.85],
    ['error_rate', 0.15],
  ],
  title: 'Network delay in front of {s}: its callers time out',
  actions: ['Check the node and CNI of {s} for packet loss', 'Move {s} pods off the degraded node', 'Add timeouts and retries with budget in callers of {s}'],
  resolution: 'Drained the degraded node hosting {s}; latency recovered.',
}

// Faults a service shows on itself, loudly: the resource and code faults of the catalogue.
const LOUD_FAULTS = ['cpu_saturation', 'memory_leak', 'crash_loop', 'thread_pool_saturation', 'bad_deploy']

const isStore = (t: Tier) => t === 'db' || t === 'cache' || t === 'queue'

function visibleCallees(topo: Topology, name: string): ServiceNode[] {
  return [...(topo.callees.get(name) ?? [])].flatMap((c) => {
    const n = topo.nodes.get(c)
    return n !== undefined && !n.hidden ? [n] : []
  })
}

function hasVisibleCaller(topo: Topology, name: string): boolean {
  return [...(topo.callers.get(name) ?? [])].some((c) => topo.nodes.get(c)?.hidden === false)
}

/** The root's own fingerprints in a quiet-deps incident: every fault metric plus its own latency and errors. */
function loudRootFingerprints(rng: Rng, node: ServiceNode, fault: FaultKind, o: IncidentOptions): Fingerprint[] {
  const metrics = new Set<Metric>([...rootMetricsFor(rng, fault), 'latency_p99_ms'])
  if (rng.chance(0.6)) metrics.add('error_rate')
  // As in the cascade model: a resource fault hits one or two pods, a bad deploy most of them.
  const n = node.pods.length
  const pods = rng.sample(node.pods, fault.name === 'bad_deploy' ? rng.int(Math.ceil(n / 2), n) : rng.int(1, Math.min(2, n)))
  const out: Fingerprint[] = []
  for (const metric of metrics) {
    // The fault's own metric always pages; the others usually do.
    const severity: Severity = out.length === 0 || rng.chance(0.85) ? 'critical' : 'warning'
    for (const pod of pods) {
      // The root is first to fire: its callers only feel it once their requests pile up.
      const onsetSec = o.startSec + rng.float(0, 20)
      out.push(makeFingerprint(rng, { node, pod, metric, severity, intensity: rng.float(0.6, 1), onsetSec, group: o.group, hop: 0, common: o.common }))
    }
  }
  return out
}

function callerFingerprints(rng: Rng, topo: Topology, affected: ReturnType<typeof propagate>, fault: FaultKind, o: IncidentOptions) {
  const essentials: Fingerprint[] = []
  const extras: Fingerprint[] = []
  for (const a of affected) {
    const node = topo.nodes.get(a.service)
    if (a.hop === 0 || node === undefined) continue
    const [first, ...rest] = fingerprintsFor(rng, node, a, fault, o)
    if (first !== undefined) essentials.push(first)
    extras.push(...rest)
  }
  return { essentials, extras }
}

function finish(
  rng: Rng,
  topo: Topology,
  root: string,
  fault: FaultKind,
  silent: boolean,
  affected: IncidentPlan['affected'],
  fps: { essentials: Fingerprint[]; extras: Fingerprint[] },
  o: IncidentOptions,
): IncidentPlan {
  const firings = fireToBudget(rng, fps.essentials, fps.extras, o.budget)
  const endSec = Math.max(o.startSec, ...firings.map((f) => f.tsSec))
  const staleCallers = affected.filter((a) => topo.nodes.get(a.service)?.hidden === true).map((a) => a.service)
  return { root, fault, silent, affected, firings, startSec: o.startSec, endSec, staleCallers }
}

/**
 * A loud mid-tier root with at least one datastore or service below it; nothing below it
 * alerts. Null when the graph has no mid-tier service with both callers and callees.
 */
export function planQuietDeps(rng: Rng, topo: Topology, o: IncidentOptions): IncidentPlan | null {
  const candidates = [...topo.nodes.values()].filter(
    (n) => !n.hidden && n.tier === 'service' && hasVisibleCaller(topo, n.name) && visibleCallees(topo, n.name).length > 0,
  )
  if (candidates.length === 0) return null
  // Services that own a datastore are the classic shape (and the classic trap).
  const rootNode = rng.weighted(candidates.map((n) => [n, visibleCallees(topo, n.name).some((c) => isStore(c.tier)) ? 2 : 1] as const))
  const fault = rng.pick(FAULTS.filter((f) => LOUD_FAULTS.includes(f.name)))
  const spread = propagate(rng, topo, rootNode.name, { p0: o.p0, decay: o.decay })
  const affected = trimAffected(rng, spread, o.budget, false)
  const callers = callerFingerprints(rng, topo, affected, fault, o)
  // Every root fingerprint is essential: the budget trims callers' extras, never the root's voice.
  const essentials = [...loudRootFingerprints(rng, rootNode, fault, o), ...callers.essentials]
  return finish(rng, topo, rootNode.name, fault, false, affected, { essentials, extras: callers.extras }, o)
}

/**
 * A network fault at a root that raises nothing; `forcedCaller` (returned) is a caller that
 * certainly shows it, so the incident has evidence. Null when no service has a visible caller.
 */
export function planSilentEdge(rng: Rng, topo: Topology, o: IncidentOptions): { plan: IncidentPlan; forcedCaller: string } | null {
  const candidates = [...topo.nodes.values()].filter((n) => !n.hidden && n.tier !== 'edge' && hasVisibleCaller(topo, n.name))
  const tiers = Object.entries(NETWORK_DELAY.tiers).filter(([t]) => candidates.some((n) => n.tier === t)) as [Tier, number][]
  if (tiers.length === 0) return null
  const tier = rng.weighted(tiers)
  const rootNode = rng.pick(candidates.filter((n) => n.tier === tier))
  const visibleCallers = [...(topo.callers.get(rootNode.name) ?? [])].filter((c) => topo.nodes.get(c)?.hidden === false)
  const forcedCaller = rng.pick(visibleCallers)
  const spread = propagate(rng, topo, rootNode.name, { p0: o.p0, decay: o.decay, forced: [forcedCaller] })
  const affected = trimAffected(rng, spread, o.budget + 1, true)
  // A small budget can trim hop 1 too: the forced caller stays, in place of another one.
  if (!affected.some((a) => a.service === forcedCaller)) {
    const entry = spread.find((a) => a.service === forcedCaller)
    const drop = affected.findIndex((a) => a.hop === 1)
    if (entry !== undefined) affected.splice(drop >= 0 ? drop : affected.length, drop >= 0 ? 1 : 0, entry)
  }
  const callers = callerFingerprints(rng, topo, affected, NETWORK_DELAY, o)
  return { plan: finish(rng, topo, rootNode.name, NETWORK_DELAY, true, affected, callers, o), forcedCaller }
}

// Chance that each callee of a loud root (all but the one kept silent) shows a weak alert: on
// real systems most dependencies of a faulty service stay silent, a few show something.
const WEAK_CALLEE_P = 0.3

/**
 * Healthy dependencies are rarely perfectly silent: below a loud root some callees raise a
 * weak alert or two, either because the root's retries load them (part of the incident) or as
 * unrelated background (noise). One callee always stays silent. Returns the firings and
 * which callees stayed quiet or went weak.
 */
export function weakCallees(rng: Rng, topo: Topology, root: string, common: Record<string, string>): { firings: Firing[]; quiet: string[]; weak: string[] } {
  const callees = visibleCallees(topo, root)
  if (callees.length === 0) return { firings: [], quiet: [], weak: [] }
  const silent = rng.pick(callees)
  const firings: Firing[] = []
  const weak: string[] = []
  for (const node of callees) {
    if (node === silent || weak.length >= 2 || !rng.chance(WEAK_CALLEE_P)) continue
    const sympathetic = rng.chance(0.5)
    const load: Metric = node.tier === 'db' ? 'conn_pool_used' : node.tier === 'queue' ? 'saturation' : 'cpu_util'
    const metric = sympathetic ? (rng.chance(0.6) ? 'latency_p99_ms' : load) : rng.pick<Metric>(['mem_util', 'cpu_util', 'disk_util'])
    const severity = rng.weighted<Severity>([
      ['warning', 0.7],
      ['info', 0.2],
      ['critical', 0.1],
    ])
    const fp = makeFingerprint(rng, {
      node,
      pod: rng.pick(node.pods),
      metric,
      severity,
      intensity: rng.float(0, 0.3),
      onsetSec: rng.float(20, 120),
      group: sympathetic ? 0 : -1,
      hop: sympathetic ? 1 : -1,
      common,
    })
    firings.push(...fire(rng, fp, rng.int(1, 2)))
    weak.push(node.name)
  }
  return { firings, quiet: callees.filter((c) => !weak.includes(c.name)).map((c) => c.name), weak }
}
