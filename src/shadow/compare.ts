/**
 * compareReports: the live report and the candidate's report for the same
 * batch, side by side. Three questions an operator asks before promoting a
 * candidate: is the primary root cause the same, would the top 3 lead to the
 * same service, and are the alerts grouped the same way (Rand index over
 * alert ids, so renamed or reordered clusters still agree). Pure: plain
 * reports in, plain numbers out.
 */
import type { IncidentReport, RootCause } from '../domain/model.ts'

/** How many ranked candidates an operator reads before acting. */
export const TOP_K = 3

export interface SideSummary {
  root: string
  confidence: number
  clusters: number
}

export interface Comparison {
  /** The primary root cause names the same service. */
  rootAgrees: boolean
  /** Each side's primary root is among the other side's top 3 candidates. */
  top3Agrees: boolean
  /** Share of alert pairs that both sides put together or both put apart (1 = same grouping). */
  clusterAgreement: number
  live: SideSummary
  candidate: SideSummary
}

const topServices = (rc: RootCause): string[] => {
  const names = rc.candidates.slice(0, TOP_K).map((c) => c.service)
  // A root with no candidate list still counts as its own top 1.
  return names.length > 0 ? names : [rc.service]
}

const summary = (r: IncidentReport): SideSummary => ({ root: r.root_cause.service, confidence: r.root_cause.confidence, clusters: r.clusters.length })

/** Cluster index of every alert id (first cluster wins when an id repeats). */
function labelsOf(report: IncidentReport): Map<string, number> {
  const labels = new Map<string, number>()
  report.clusters.forEach((c, i) => {
    for (const id of c.alert_ids) if (!labels.has(id)) labels.set(id, i)
  })
  return labels
}

const pairs = (n: number) => (n * (n - 1)) / 2

/**
 * Rand index of two groupings of the same alert ids, from the contingency
 * table (linear, never all pairs). An id that only one side clustered is a
 * singleton on the other.
 * @example // live groups {a,b},{c}; candidate {a},{b,c}: only the pair a–c agrees
 * pairAgreement(live, candidate) // 1/3
 */
export function pairAgreement(live: IncidentReport, candidate: IncidentReport): number {
  const x = labelsOf(live)
  const y = labelsOf(candidate)
  const ids = new Set([...x.keys(), ...y.keys()])
  const n = ids.size
  if (n < 2) return 1
  const rows = new Map<string, number>()
  const cols = new Map<string, number>()
  const cells = new Map<string, number>()
  for (const id of ids) {
    const r = x.has(id) ? `c${x.get(id)}` : `s${id}`
    const c = y.has(id) ? `c${y.get(id)}` : `s${id}`
    rows.set(r, (rows.get(r) ?? 0) + 1)
    cols.set(c, (cols.get(c) ?? 0) + 1)
    const cell = `${r.length}:${r}${c}`
    cells.set(cell, (cells.get(cell) ?? 0) + 1)
  }
  const sum = (m: Map<string, number>) => [...m.values()].reduce((s, k) => s + pairs(k), 0)
  const agreements = pairs(n) + 2 * sum(cells) - sum(rows) - sum(cols)
  return agreements / pairs(n)
}

/**
 * @example compareReports(liveReport, candidateReport).rootAgrees
 */
export function compareReports(live: IncidentReport, candidate: IncidentReport): Comparison {
  const l = live.root_cause
  const c = candidate.root_cause
  return {
    rootAgrees: l.service === c.service,
    top3Agrees: topServices(c).includes(l.service) && topServices(l).includes(c.service),
    clusterAgreement: pairAgreement(live, candidate),
    live: summary(live),
    candidate: summary(candidate),
  }
}

/** Where a known true root sits in one side's answer: first, within the top 3, or neither. */
export function scoreAgainst(report: IncidentReport, truth: string): 'top1' | 'top3' | 'miss' {
  if (report.root_cause.service === truth) return 'top1'
  return topServices(report.root_cause).includes(truth) ? 'top3' : 'miss'
}
