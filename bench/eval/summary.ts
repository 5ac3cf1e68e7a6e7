/**
 * Aggregates per-scenario results into the figures the eval report prints: overall,
 * per topology, breakdowns by scenario trait, and a confidence reliability table.
 * Pure: takes the run records, returns plain objects (also what `--json` writes).
 */
import type { Scenario } from '../scenarios/scenario.ts'
import type { ScenarioScore, IncidentScore } from './score.ts'
import { mean, p50, p99, rate, ratio } from '../common/stats.ts'

/** One scenario as run: its traits, the HTTP outcome and its score. */
export interface RunRecord {
  name: string
  topology: string
  sizeClass: string
  nAlerts: number
  nIncidents: number
  hasNoise: boolean
  hasSilentRoot: boolean
  status: number
  clientMs: number
  serverMs: number | null
  method: string | null
  error: string | null
  score: ScenarioScore
}

export interface Figures {
  scenarios: number
  errors: number
  top1: number
  top3: number
  incidents: number
  incidentTop1: number
  incidentTop3: number
  ari: number
  pairPrecision: number
  pairRecall: number
  pairF1: number
  /** Pooled over the group: leaked noise alerts / all noise alerts (NaN when there is no noise). */
  noiseLeak: number
  noiseAlerts: number
  clientP50: number
  clientP99: number
  serverP50: number
  serverP99: number
}

/**
 * Figures over a set of records. `incidentFilter` restricts which incidents count in the
 * per-incident columns (e.g. only silent-root incidents); scenario-level columns still use
 * every record.
 */
export function figures(records: readonly RunRecord[], incidentFilter: (i: IncidentScore) => boolean = () => true): Figures {
  const incidents = records.flatMap((r) => r.score.incidents.filter(incidentFilter))
  const noiseAlerts = records.reduce((n, r) => n + r.score.noiseTotal, 0)
  const leaked = records.reduce((n, r) => n + r.score.noiseLeaked, 0)
  const serverMs = records.flatMap((r) => (r.serverMs === null ? [] : [r.serverMs]))
  return {
    scenarios: records.length,
    errors: records.filter((r) => !r.score.ok).length,
    top1: rate(records.map((r) => r.score.top1)),
    top3: rate(records.map((r) => r.score.top3)),
    incidents: incidents.length,
    incidentTop1: rate(incidents.map((i) => i.top1)),
    incidentTop3: rate(incidents.map((i) => i.top3)),
    ari: mean(records.map((r) => r.score.clustering.ari)),
    pairPrecision: mean(records.map((r) => r.score.clustering.precision)),
    pairRecall: mean(records.map((r) => r.score.clustering.recall)),
    pairF1: mean(records.map((r) => r.score.clustering.f1)),
    noiseLeak: ratio(leaked, noiseAlerts),
    noiseAlerts,
    clientP50: p50(records.map((r) => r.clientMs)),
    clientP99: p99(records.map((r) => r.clientMs)),
    serverP50: p50(serverMs),
    serverP99: p99(serverMs),
  }
}

export interface GroupFigures {
  group: string
  figures: Figures
}

function groupBy(records: readonly RunRecord[], key: (r: RunRecord) => string, order?: readonly string[]): GroupFigures[] {
  const groups = new Map<string, RunRecord[]>()
  for (const r of records) {
    const k = key(r)
    const list = groups.get(k)
    if (list === undefined) groups.set(k, [r])
    else list.push(r)
  }
  const keys = order === undefined ? [...groups.keys()].sort() : order.filter((k) => groups.has(k))
  return keys.map((group) => ({ group, figures: figures(groups.get(group) ?? []) }))
}

/** Per-topology figures, topologies in name order. */
export function byTopology(records: readonly RunRecord[]): GroupFigures[] {
  return groupBy(records, (r) => r.topology)
}

/**
 * The trait breakdown: incident count, silent root, noise, size class. The silent-root row's
 * per-incident columns count only the silent-root incidents themselves.
 */
export function breakdown(records: readonly RunRecord[]): GroupFigures[] {
  const rows: GroupFigures[] = []
  const add = (group: string, rs: RunRecord[], filter?: (i: IncidentScore) => boolean) => {
    if (rs.length > 0) rows.push({ group, figures: figures(rs, filter) })
  }
  add(
    'single incident',
    records.filter((r) => r.nIncidents <= 1),
  )
  add(
    'multi incident',
    records.filter((r) => r.nIncidents > 1),
  )
  add(
    'silent root (per silent inc.)',
    records.filter((r) => r.hasSilentRoot),
    (i) => i.silentRoot,
  )
  add(
    'no silent root',
    records.filter((r) => !r.hasSilentRoot),
  )
  add(
    'with noise',
    records.filter((r) => r.hasNoise),
  )
  add(
    'without noise',
    records.filter((r) => !r.hasNoise),
  )
  for (const g of groupBy(records, (r) => r.sizeClass, ['s', 'm', 'l', 'xl'])) rows.push({ group: `size ${g.group}`, figures: g.figures })
  return rows
}

/** How one scenario's request went, as the runner saw it. */
export interface RunOutcome {
  status: number
  clientMs: number
  serverMs: number | null
  method: string | null
  error: string | null
}

/** The record of one scenario run: its traits from the scenario, the outcome, the score. */
export function runRecord(scenario: Scenario, topology: string, outcome: RunOutcome, score: ScenarioScore): RunRecord {
  return {
    name: scenario.name,
    topology,
    sizeClass: sizeClassOf(scenario.meta?.knobs?.size_class, scenario.alerts.length),
    nAlerts: scenario.alerts.length,
    nIncidents: scenario.truth.incidents.length,
    hasNoise: scenario.truth.noise_alert_ids.length > 0,
    hasSilentRoot: scenario.truth.incidents.some((i) => i.silent_root === true),
    ...outcome,
    score,
  }
}

/** Size class from meta.knobs.size_class when present, else from the alert count. */
export function sizeClassOf(knobClass: unknown, nAlerts: number): string {
  if (typeof knobClass === 'string' && knobClass.length > 0) return knobClass
  if (nAlerts < 25) return 's'
  if (nAlerts < 60) return 'm'
  if (nAlerts < 200) return 'l'
  return 'xl'
}
