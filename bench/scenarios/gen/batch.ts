/**
 * One scenario (alert batch): 1-3 incidents kept apart in time or far apart in the graph,
 * plus noise, then the messiness of real senders: per-pod clock skew (up to ±20 s), shuffled
 * order, epoch / RFC 3339 / mixed timestamps. Emits the scenario line with its ground truth in
 * the eval-public shape.
 */
import type { Scenario, ScenarioAlert, Truth, TruthIncident } from '../scenario.ts'
import type { Firing } from './fingerprint.ts'
import { chooseRoot, planIncident, type IncidentPlan } from './incident.ts'
import { noiseFirings } from './noise.ts'
import type { Rng } from './prng.ts'
import { renderTs, type TsStyle } from './time-format.ts'
import { undirectedDistances, type Topology } from './topology.ts'

const SIZE_CLASSES = [
  ['s', 5, 24, 0.3],
  ['m', 25, 59, 0.3],
  ['l', 60, 199, 0.25],
  ['xl', 200, 500, 0.15],
] as const
const SILENT_ROOT_P = 0.15
const STALE_P = 0.1
const SKEW_P = 0.15
// Graph separation needs incidents farther apart than the correlator's default max_hop (2).
const MIN_GRAPH_DISTANCE = 3
// 2026-01-05T00:00:00Z: batches land somewhere in the following five months.
const EPOCH_ORIGIN = 1_767_571_200

function minDistance(topo: Topology, a: readonly string[], b: ReadonlySet<string>): number {
  const dist = undirectedDistances(topo, a)
  let best = Number.POSITIVE_INFINITY
  for (const s of b) best = Math.min(best, dist.get(s) ?? Number.POSITIVE_INFINITY)
  return best
}

function planIncidents(rng: Rng, topo: Topology, budgets: number[], common: Record<string, string>): PlannedIncident[] {
  const plans: PlannedIncident[] = []
  const seen = new Set<string>()
  for (const [group, budget] of budgets.entries()) {
    const base = {
      group,
      budget,
      silentRootP: SILENT_ROOT_P,
      forceStale: rng.chance(STALE_P),
      p0: rng.float(0.75, 0.98),
      decay: rng.float(0.45, 0.8),
      common,
    }
    const prev = plans[plans.length - 1]?.plan
    let chosen: { plan: IncidentPlan; separation: string | null } | null = null
    if (prev !== undefined && seen.size > 0 && topo.nodes.size >= 25 && rng.chance(0.35)) {
      // Concurrent incident far away in the graph: retry roots until one is far enough.
      const startSec = prev.startSec + rng.float(0, 120)
      for (let attempt = 0; attempt < 25 && chosen === null; attempt++) {
        const root = chooseRoot(rng, topo, seen, base.forceStale)
        if (root === null) break
        const plan = planIncident(rng, topo, root, { ...base, startSec })
        if (
          minDistance(
            topo,
            plan.affected.map((a) => a.service),
            seen,
          ) >= MIN_GRAPH_DISTANCE
        )
          chosen = { plan, separation: 'graph' }
      }
    }
    if (chosen === null) {
      const startSec = prev === undefined ? 0 : Math.max(...plans.map((p) => p.plan.endSec)) + rng.float(300, 1500)
      const root = chooseRoot(rng, topo, new Set(plans.map((p) => p.plan.root)), base.forceStale)
      if (root === null) break
      chosen = { plan: planIncident(rng, topo, root, { ...base, startSec }), separation: prev === undefined ? null : 'time' }
    }
    const services = chosen.plan.affected.map((a) => a.service)
    const minDist = plans.length === 0 ? null : minDistance(topo, services, seen)
    // Disconnected components have no finite distance; null says so in JSON.
    plans.push({ ...chosen, minDist: minDist !== null && Number.isFinite(minDist) ? minDist : null })
    for (const s of services) seen.add(s)
  }
  return plans
}

/** Generate one scenario on `topo`. */
export function generateScenario(rng: Rng, topo: Topology, name: string): Scenario {
  const [sizeClass, lo, hi] = rng.weighted(SIZE_CLASSES.map((c) => [c, c[3]] as const))
  const target = rng.int(lo, hi)
  const nIncidents =
    sizeClass === 's'
      ? rng.weighted([
          [1, 0.7],
          [2, 0.3],
        ] as const)
      : rng.weighted([
          [1, 0.45],
          [2, 0.35],
          [3, 0.2],
        ] as const)
  const noiseFrac = rng.chance(0.2) ? 0 : rng.float(0.03, 0.25)
  const noiseCount = Math.round(target * noiseFrac)
  const weights = Array.from({ length: nIncidents }, () => rng.float(0.4, 1.6))
  const wsum = weights.reduce((a, b) => a + b, 0)
  const budgets = weights.map((w) => Math.max(2, Math.round(((target - noiseCount) * w) / wsum)))
  const common = { env: rng.pick(['prod', 'production', 'prod-eu']), region: rng.pick(['us-east-1', 'eu-central-1', 'ap-southeast-2', 'eu-west-2']) }

  const plans = planIncidents(rng, topo, budgets, common)
  const affected = new Set(plans.flatMap((p) => p.plan.affected.map((a) => a.service)))
  const spanEnd = Math.max(...plans.map((p) => p.plan.endSec))
  const unknownFrac = rng.float(0.15, 0.45)
  const noise = noiseFirings(rng, topo, { count: noiseCount, unknownFrac, affected, spanStartSec: 0, spanEndSec: spanEnd, common })

  const { alerts, truth, tsStyle, order } = assembleBatch(rng, plans, noise)
  return {
    name,
    topology: topo.name,
    alerts,
    truth,
    meta: {
      n_alerts: alerts.length,
      n_incidents: truth.incidents.length,
      situation: 'cascade',
      ts_style: tsStyle,
      knobs: {
        size_class: sizeClass,
        target_size: target,
        n_incidents: truth.incidents.length,
        noise_frac: Math.round(noiseFrac * 1000) / 1000,
        unknown_noise_frac: Math.round(unknownFrac * 1000) / 1000,
        silent_root_p: SILENT_ROOT_P,
        stale_p: STALE_P,
        skew_p: SKEW_P,
        order,
      },
    },
  }
}

/** An incident as planned for a batch, with how it is kept apart from the earlier ones. */
export interface PlannedIncident {
  plan: IncidentPlan
  separation: string | null
  minDist: number | null
}

export type BatchOrder = 'full' | 'local' | 'sorted'

/**
 * Turn planned incidents and noise into the batch as a sender delivers it: per-pod clock
 * skew, fresh ids, the batch's timestamp style and order; plus the ground truth.
 */
export function assembleBatch(
  rng: Rng,
  plans: readonly PlannedIncident[],
  noise: readonly Firing[],
): { alerts: ScenarioAlert[]; truth: Truth; tsStyle: TsStyle; order: BatchOrder } {
  const tsStyle = rng.weighted<TsStyle>([
    ['epoch', 0.4],
    ['rfc3339', 0.4],
    ['mixed', 0.2],
  ])
  const base = EPOCH_ORIGIN + rng.int(0, 150) * 86_400 + rng.int(0, 86_399)
  const skew = new Map<string, number>()
  const ids = new Set<string>()
  const rows: { alert: ScenarioAlert; group: number; sortTs: number }[] = []
  for (const f of [...plans.flatMap((p) => p.plan.firings), ...noise] as Firing[]) {
    const key = `${f.fp.service}/${f.fp.labels.pod ?? ''}`
    // Clock skew belongs to a host: every alert from the same pod shares it.
    if (!skew.has(key)) skew.set(key, rng.chance(SKEW_P) ? rng.float(-20, 20) : 0)
    const tsSec = base + f.tsSec + (skew.get(key) ?? 0)
    let id = `alr-${rng.hex(12)}`
    while (ids.has(id)) id = `alr-${rng.hex(12)}`
    ids.add(id)
    const alert: ScenarioAlert = {
      id,
      ts: renderTs(rng, tsStyle, tsSec),
      service: f.fp.service,
      metric: f.fp.metric,
      severity: f.fp.severity,
      value: f.value,
      threshold: f.fp.threshold,
      labels: { ...f.fp.labels },
    }
    rows.push({ alert, group: f.fp.group, sortTs: tsSec })
  }

  const order = rng.weighted<BatchOrder>([
    ['full', 0.45],
    ['local', 0.3],
    ['sorted', 0.25],
  ])
  if (order === 'full') rng.shuffle(rows)
  else {
    rows.sort((a, b) => a.sortTs - b.sortTs)
    if (order === 'local') {
      for (let i = 0; i + 1 < rows.length; i++) {
        if (rng.chance(0.1)) [rows[i], rows[i + 1]] = [rows[i + 1] as (typeof rows)[number], rows[i] as (typeof rows)[number]]
      }
    }
  }

  const incidents: TruthIncident[] = plans.map(({ plan, separation, minDist }, i) => ({
    root: plan.root,
    alert_ids: rows.filter((r) => r.group === i).map((r) => r.alert.id),
    fault: plan.fault.name,
    silent_root: plan.silent,
    affected_services: [...plan.affected].sort((a, b) => a.hop - b.hop || a.onsetSec - b.onsetSec).map((a) => a.service),
    stale_caller: plan.staleCallers[0] ?? null,
    separation,
    min_distance: minDist,
  }))
  const primary = incidents.reduce((best, inc) => (inc.alert_ids.length > best.alert_ids.length ? inc : best))
  return {
    alerts: rows.map((r) => r.alert),
    truth: { primary_root: primary.root, incidents, noise_alert_ids: rows.filter((r) => r.group === -1).map((r) => r.alert.id) },
    tsStyle,
    order,
  }
}
