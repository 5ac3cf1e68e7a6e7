/**
 * The prompt for one cluster, built from its evidence only: alerts summarised
 * per service and metric in onset order, the call-graph neighbourhood, the
 * graph's ranked candidates with their reasons, and the similar past
 * incidents. Pure and deterministic (times are offsets from the cluster's
 * start, lists sorted and capped), so the same evidence gives the same text
 * and therefore the same cache key, and a huge batch gives a bounded prompt.
 */
import type { Alert, Cluster, SimilarIncident } from '../domain/model.ts'
import type { ServiceGraph } from '../domain/service-graph.ts'
import { parseTs } from '../domain/time.ts'
import type { ChatPrompt } from './client.ts'

export interface PromptInput {
  cluster: Cluster
  /** The alerts of this cluster (others are ignored). */
  alerts: readonly Alert[]
  graph: ServiceGraph
  similar: readonly SimilarIncident[]
}

export interface ClusterPrompt extends ChatPrompt {
  /** Services the answer may name: the candidates and the alerting services. */
  allowed: string[]
}

const LIMITS = { alertLines: 40, edges: 60, similar: 5, reasons: 6, paths: 4 }
const SEVERITY = ['info', 'warning', 'critical'] as const

export const SYSTEM_PROMPT = [
  'You are an SRE assistant that finds the root cause of one cluster of correlated alerts.',
  'Faults propagate against the call direction: when a callee breaks, its callers alert.',
  'Choose root_cause ONLY from the allowed services listed. Prefer the graph ranking unless the evidence clearly contradicts it.',
  'Answer with one JSON object and nothing else:',
  '{"root_cause": "<allowed service>", "confidence": <0..1>, "rationale": "<at most 3 sentences>", "actions": ["<concrete step>", ...at most 5]}',
].join('\n')

interface Line {
  service: string
  metric: string
  count: number
  onsetMs: number
  severity: number
  peak: number
}

function summarise(alerts: readonly Alert[]): { lines: Line[]; startMs: number } {
  const by = new Map<string, Line>()
  let startMs = Infinity
  for (const a of alerts) {
    const ts = parseTs(a.ts) ?? 0
    startMs = Math.min(startMs, ts)
    const key = `${a.service}\u0000${a.metric}`
    const ratio = a.threshold !== 0 ? a.value / a.threshold : a.value
    const sev = SEVERITY.indexOf(a.severity)
    const l = by.get(key)
    if (!l) by.set(key, { service: a.service, metric: a.metric, count: 1, onsetMs: ts, severity: sev, peak: ratio })
    else {
      l.count++
      l.onsetMs = Math.min(l.onsetMs, ts)
      l.severity = Math.max(l.severity, sev)
      l.peak = Math.max(l.peak, ratio)
    }
  }
  const lines = [...by.values()].sort((a, b) => a.onsetMs - b.onsetMs || a.service.localeCompare(b.service) || a.metric.localeCompare(b.metric))
  return { lines, startMs: Number.isFinite(startMs) ? startMs : 0 }
}

function neighbourhood(graph: ServiceGraph, services: readonly string[]): string[] {
  const edges = new Set<string>()
  for (const s of services) {
    for (const c of graph.callees.get(s) ?? []) edges.add(`${s} -> ${c}`)
    for (const c of graph.callers.get(s) ?? []) edges.add(`${c} -> ${s}`)
  }
  return [...edges].sort()
}

const fmt = (x: number) => (Math.round(x * 100) / 100).toString()
const capped = (items: string[], max: number) => (items.length > max ? [...items.slice(0, max), `... ${items.length - max} more`] : items)

/**
 * Build the prompt and the set of services the answer may name.
 * @example buildPrompt({ cluster, alerts, graph, similar }).allowed // ['payment', 'payment-db', ...]
 */
export function buildPrompt(input: PromptInput): ClusterPrompt {
  const { cluster, graph } = input
  const ids = new Set(cluster.alert_ids)
  const { lines, startMs } = summarise(input.alerts.filter((a) => ids.has(a.id)))
  const rc = cluster.root_cause
  const allowed = [...new Set([...rc.candidates.map((c) => c.service), ...cluster.services])].sort()
  const tier = (s: string) => graph.tiers.get(s) ?? 'not in graph'

  const onsetOrder: string[] = []
  for (const l of lines) if (!onsetOrder.includes(l.service)) onsetOrder.push(l.service)

  const alertLines = lines.map(
    (l) =>
      `- +${Math.round((l.onsetMs - startMs) / 1000)}s ${l.service} (${tier(l.service)}) ${l.metric}: ${l.count} alert(s), max ${SEVERITY[l.severity] ?? 'info'}, peak ${fmt(l.peak)}x threshold`,
  )
  const reasons = rc.evidence?.reasons.slice(0, LIMITS.reasons) ?? []
  const paths = rc.evidence?.paths.slice(0, LIMITS.paths).map((p) => p.join(' <- ')) ?? []
  const similar = input.similar.slice(0, LIMITS.similar).map((s) => `- ${s.id} (similarity ${fmt(s.similarity)}): root ${s.root_cause}; ${s.title}`)

  const user = [
    `Cluster of ${cluster.alert_count} alerts over ${cluster.services.length} services.`,
    '',
    'Alerts per service and metric, in onset order (seconds after the first alert):',
    ...capped(alertLines, LIMITS.alertLines),
    '',
    `Onset order of services: ${onsetOrder.join(', ')}`,
    '',
    'Call graph around the alerting services ("a -> b" means a calls b):',
    ...capped(neighbourhood(graph, cluster.services), LIMITS.edges).map((e) => `- ${e}`),
    '',
    'Graph ranking of root-cause candidates (probability):',
    ...rc.candidates.map((c, i) => `${i + 1}. ${c.service} (${tier(c.service)}) ${fmt(c.score)}`),
    ...(reasons.length ? ['Reasons for the top candidate:', ...reasons.map((r) => `- ${r}`)] : []),
    ...(paths.length ? ['Propagation paths from the top candidate:', ...paths.map((p) => `- ${p}`)] : []),
    '',
    'Similar past incidents:',
    ...(similar.length ? similar : ['- none']),
    '',
    `Allowed root_cause values: ${allowed.join(', ')}`,
  ].join('\n')
  return { system: SYSTEM_PROMPT, user, allowed }
}
