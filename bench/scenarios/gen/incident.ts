/**
 * One incident: pick a root and a fault, propagate it upstream, turn every affected service
 * into alert fingerprints (root: the fault's own metrics on a few pods, or nothing if silent;
 * callers: symptom metrics on several pods, so they often out-alert the root), then fire
 * them repeatedly until the incident has about its budget of alerts.
 */
import type { Severity } from '../scenario.ts'
import { callerMetricsFor, pickFault, rootMetricsFor, type FaultKind } from './faults.ts'
import { endForBudget, fire, firingCount, makeFingerprint, type Firing, type Fingerprint } from './fingerprint.ts'
import type { Rng } from './prng.ts'
import { propagate, type Affected } from './propagate.ts'
import type { ServiceNode, Topology } from './topology.ts'

export interface IncidentPlan {
  root: string
  fault: FaultKind
  silent: boolean
  affected: Affected[]
  firings: Firing[]
  startSec: number
  endSec: number
  staleCallers: string[]
}

export interface IncidentOptions {
  group: number
  startSec: number
  /** Alerts this incident should contribute (approximately; at least one per affected service). */
  budget: number
  silentRootP: number
  /** Force a caller missing from the written graph into the incident, if the root has one. */
  forceStale: boolean
  p0: number
  decay: number
  common: Record<string, string>
}

const ROOT_TIERS = [
  ['service', 0.55],
  ['db', 0.2],
  ['cache', 0.1],
  ['queue', 0.07],
  ['edge', 0.08],
] as const

/** A visible root of a random tier, avoiding `exclude`; prefers callees of hidden services when `stale`. */
export function chooseRoot(rng: Rng, topo: Topology, exclude: ReadonlySet<string>, stale: boolean): string | null {
  const visible = [...topo.nodes.values()].filter((n) => !n.hidden && !exclude.has(n.name))
  if (stale) {
    const fed = visible.filter((n) => [...(topo.callers.get(n.name) ?? [])].some((c) => topo.nodes.get(c)?.hidden === true))
    if (fed.length > 0) return rng.pick(fed).name
  }
  const tiers = ROOT_TIERS.filter(([t]) => visible.some((n) => n.tier === t))
  if (tiers.length === 0) return null
  const tier = rng.weighted(tiers)
  return rng.pick(visible.filter((n) => n.tier === tier)).name
}

export function severityFor(rng: Rng, hop: number): Severity {
  if (hop === 0) return rng.chance(0.75) ? 'critical' : 'warning'
  if (hop === 1) return rng.chance(0.5) ? 'critical' : 'warning'
  return rng.weighted<Severity>([
    ['warning', 0.7],
    ['critical', 0.2],
    ['info', 0.1],
  ])
}

/** Fingerprints of one affected service: [essential, ...extras]. */
export function fingerprintsFor(rng: Rng, node: ServiceNode, a: Affected, fault: FaultKind, o: IncidentOptions): Fingerprint[] {
  const isRoot = a.hop === 0
  const metrics = isRoot ? rootMetricsFor(rng, fault) : callerMetricsFor(rng, fault, a.hop)
  const n = node.pods.length
  // Resource faults usually hit one or two pods; a failing dependency hurts every caller pod.
  const resource = isRoot && fault.name !== 'bad_deploy' && fault.name !== 'slow_dependency'
  const podCount = resource ? rng.int(1, Math.min(2, n)) : rng.int(Math.ceil(n / 2), Math.min(n, 6))
  const pods = rng.sample(node.pods, podCount)
  const intensity = isRoot ? rng.float(0.5, 1) : rng.float(0.3, 0.9) * 0.8 ** a.hop
  const extraLabels = isRoot && fault.name === 'bad_deploy' ? { version: `v${rng.int(1, 9)}.${rng.int(0, 40)}.${rng.int(0, 20)}` } : undefined
  const out: Fingerprint[] = []
  for (const metric of metrics) {
    const severity = severityFor(rng, a.hop)
    for (const pod of pods) {
      // Root alerts can lag the first caller symptoms: rules with `for:` wait before firing.
      const onsetSec = o.startSec + a.onsetSec + (isRoot ? rng.float(0, 25) : rng.float(0, 15))
      out.push(makeFingerprint(rng, { node, pod, metric, severity, intensity, onsetSec, group: o.group, hop: a.hop, common: o.common, extraLabels }))
    }
  }
  return out
}

/** Drop the farthest callers until the essentials fit (never the root or the last caller). */
export function trimAffected(rng: Rng, affected: Affected[], maxServices: number, silent: boolean): Affected[] {
  const kept = [...affected]
  while (kept.length > Math.max(maxServices, silent ? 2 : 1)) {
    const far = Math.max(...kept.map((a) => a.hop))
    if (far === 0) break
    const candidates = kept.filter((a) => a.hop === far)
    kept.splice(kept.indexOf(rng.pick(candidates)), 1)
  }
  return kept
}

/**
 * Fire every essential fingerprint and as many extras as the budget allows, each repeating
 * until the incident has about `budget` alerts.
 */
export function fireToBudget(rng: Rng, essentials: readonly Fingerprint[], extras: Fingerprint[], budget: number): Firing[] {
  // Repeats per fingerprint vary by incident: some flap a lot, some fire once or twice.
  const fpBudget = Math.max(essentials.length, Math.round(budget / rng.float(1.2, 3.5)))
  const fps = [...essentials, ...rng.shuffle(extras).slice(0, Math.max(0, fpBudget - essentials.length))]
  const budgetEnd = endForBudget(fps, budget)
  return fps.flatMap((fp) => fire(rng, fp, firingCount(fp, budgetEnd)))
}

/** Plan one incident rooted at `root`. */
export function planIncident(rng: Rng, topo: Topology, root: string, o: IncidentOptions): IncidentPlan {
  const rootNode = topo.nodes.get(root)
  if (rootNode === undefined) throw new Error(`unknown root ${root}`)
  const fault = pickFault(rng, rootNode.tier)
  const callers = [...(topo.callers.get(root) ?? [])]
  const silent = callers.length > 0 && rng.chance(o.silentRootP)
  const forced: string[] = []
  if (silent) forced.push(rng.pick(callers))
  const hiddenCallers = callers.filter((c) => topo.nodes.get(c)?.hidden === true)
  if (o.forceStale && hiddenCallers.length > 0) forced.push(rng.pick(hiddenCallers))

  const spread = propagate(rng, topo, root, { p0: o.p0, decay: o.decay, forced })
  // A silent root contributes no alert, so it does not count against the budget.
  const affected = trimAffected(rng, spread, silent ? o.budget + 1 : o.budget, silent)
  const essentials: Fingerprint[] = []
  const extras: Fingerprint[] = []
  for (const a of affected) {
    if (silent && a.hop === 0) continue
    const node = topo.nodes.get(a.service)
    if (node === undefined) continue
    const [first, ...rest] = fingerprintsFor(rng, node, a, fault, o)
    if (first !== undefined) essentials.push(first)
    extras.push(...rest)
  }
  const firings = fireToBudget(rng, essentials, extras, o.budget)
  // The incident is over when its last alert fired (late callers may fire after budgetEnd).
  const endSec = Math.max(o.startSec, ...firings.map((f) => f.tsSec))
  const staleCallers = affected.filter((a) => topo.nodes.get(a.service)?.hidden === true).map((a) => a.service)
  return { root, fault, silent, affected, firings, startSec: o.startSec, endSec, staleCallers }
}
