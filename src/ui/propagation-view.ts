/**
 * What the propagation picture of one cluster shows: the services that
 * matter as nodes (the root, the runner-up candidates, every service on a
 * propagation path, then the busiest alerting services up to a budget) and
 * the rest collapsed into a "+N alerting" and a "+N quiet" node, so a
 * 200-service incident still reads at a glance. Edges follow the call
 * direction (caller → callee); those along a propagation path are marked.
 * Pure: the SVG module draws what this returns.
 */
import type { MetricKind } from '../domain/metric-kind.ts'
import type { Cluster } from '../domain/model.ts'
import type { IncidentGraph } from '../store/incident-record.ts'
import type { ServiceAlerts } from './cluster-alerts.ts'

export type NodeRole = 'root' | 'runner-up' | 'alerting' | 'quiet' | 'collapsed-alerting' | 'collapsed-quiet'

export interface PictureNode {
  /** The service name, or a collapsed node's id (never a service name: it starts with a NUL). */
  id: string
  label: string
  role: NodeRole
  alerts: number
  /** What the service raised; `none` for a quiet service or a collapsed group. */
  signal: MetricKind | 'none'
  /** Rank among the candidates, 1 = root, when it is one of the marked candidates. */
  rank?: number
  score?: number
  onPath: boolean
  tier?: string
  /** The services a collapsed node stands for. */
  members?: string[]
}

export interface PictureEdge {
  from: string
  to: string
  onPath: boolean
}

export interface Picture {
  nodes: PictureNode[]
  edges: PictureEdge[]
  /** Services in the picture before collapsing (nodes + members of the collapsed ones). */
  serviceCount: number
}

export const PICTURE_DEFAULTS = {
  /** Nodes drawn before the rest collapses: a layered picture this size still fits a laptop screen. */
  maxNodes: 24,
  /** Services kept at one distance from the root: a wider row no longer fits a screen. */
  maxPerLevel: 6,
  /** Candidates marked besides the root (#2, #3): the ones an operator would check next. */
  runnerUps: 2,
}

export const COLLAPSED_ALERTING = '\u0000alerting'
export const COLLAPSED_QUIET = '\u0000quiet'

/**
 * The picture of `cluster`: its alerting services, its candidates and path services, and quiet
 * neighbours from the incident's graph; `otherAlerting` are services alerting in other clusters (not pulled in).
 * @example propagationView(cluster, groups, incident.graph, new Set()).nodes.find((n) => n.role === 'root')
 */
export function propagationView(
  cluster: Cluster,
  groups: readonly ServiceAlerts[],
  graph: IncidentGraph,
  otherAlerting: ReadonlySet<string>,
  options: Partial<typeof PICTURE_DEFAULTS> = {},
): Picture {
  const o = { ...PICTURE_DEFAULTS, ...options }
  const rc = cluster.root_cause
  const byService = new Map(groups.map((g) => [g.service, g]))
  const alerting = new Set([...cluster.services, ...byService.keys()])
  const paths = rc.evidence?.paths ?? []
  const onPath = new Set(paths.flat())
  const pathEdges = new Set<string>()
  for (const p of paths) for (let i = 1; i < p.length; i++) pathEdges.add(key(p[i]!, p[i - 1]!)) // the caller p[i] calls p[i-1]
  const marked = new Map<string, { rank: number; score: number }>()
  for (const [i, c] of rc.candidates.slice(0, 1 + o.runnerUps).entries()) marked.set(c.service, { rank: i + 1, score: c.score })
  // The root is the answer's (an LLM may pick a lower-ranked candidate); it is always marked.
  const root = rc.service !== 'unknown' ? rc.service : undefined
  if (root && !marked.has(root)) marked.set(root, { rank: rc.candidates.findIndex((c) => c.service === root) + 1 || 1, score: rc.confidence })
  const tiers = new Map(graph.nodes.map((n) => [n.name, n.tier]))

  // Everything the picture could show: alerting, candidates, path services, quiet neighbours of alerting ones.
  const universe = new Set<string>([...alerting, ...marked.keys(), ...onPath])
  for (const e of graph.edges) {
    if (alerting.has(e.from) && !otherAlerting.has(e.to)) universe.add(e.to)
    if (alerting.has(e.to) && !otherAlerting.has(e.from)) universe.add(e.from)
  }

  const kept = new Set<string>([...marked.keys(), ...onPath].filter((s) => universe.has(s)))
  // The rest of the budget goes to the alerting services nearest the root (the cascade's shape close to its
  // origin, where an operator looks first), busiest first at equal distance; far callers collapse.
  const hops = callerHops(root ?? rc.candidates[0]?.service, graph)
  const far = Number.MAX_SAFE_INTEGER
  const busiest = [...alerting]
    .filter((s) => !kept.has(s))
    .sort((a, b) => (hops.get(a) ?? far) - (hops.get(b) ?? far) || (byService.get(b)?.count ?? 0) - (byService.get(a)?.count ?? 0) || (a < b ? -1 : 1))
  const restQuiet = [...universe].filter((s) => !alerting.has(s) && !kept.has(s)).sort()
  // The collapsed nodes take budget too: keep one slot for each that will exist.
  const slots = o.maxNodes - kept.size - (restQuiet.length > 0 ? 1 : 0) - 1
  const perLevel = new Map<number, number>()
  for (const s of kept) perLevel.set(hops.get(s) ?? far, (perLevel.get(hops.get(s) ?? far) ?? 0) + 1)
  const restAlerting: string[] = []
  let added = 0
  for (const s of busiest) {
    const level = hops.get(s) ?? far
    const n = perLevel.get(level) ?? 0
    if (added < slots && n < o.maxPerLevel) {
      kept.add(s)
      perLevel.set(level, n + 1)
      added++
    } else restAlerting.push(s)
  }
  // With nothing else collapsed, the slot kept for the group holds one more service instead.
  if (restAlerting.length === 1 && added < slots + 1) kept.add(restAlerting.pop()!)

  const nodes: PictureNode[] = []
  for (const s of kept) {
    const g = byService.get(s)
    const m = marked.get(s)
    const role: NodeRole = s === root ? 'root' : m ? 'runner-up' : alerting.has(s) ? 'alerting' : 'quiet'
    nodes.push({
      id: s,
      label: s,
      role,
      alerts: g?.count ?? 0,
      signal: g ? g.signal : alerting.has(s) ? 'other' : 'none',
      rank: m?.rank,
      score: m?.score,
      onPath: onPath.has(s),
      tier: tiers.get(s),
    })
  }
  const collapsedOf = new Map<string, string>()
  if (restAlerting.length > 0) {
    const count = restAlerting.reduce((a, s) => a + (byService.get(s)?.count ?? 0), 0)
    nodes.push({
      id: COLLAPSED_ALERTING,
      label: `+${restAlerting.length} alerting`,
      role: 'collapsed-alerting',
      alerts: count,
      signal: 'none',
      onPath: false,
      members: restAlerting,
    })
    for (const s of restAlerting) collapsedOf.set(s, COLLAPSED_ALERTING)
  }
  if (restQuiet.length > 0) {
    nodes.push({
      id: COLLAPSED_QUIET,
      label: `+${restQuiet.length} quiet`,
      role: 'collapsed-quiet',
      alerts: 0,
      signal: 'none',
      onPath: false,
      members: restQuiet,
    })
    for (const s of restQuiet) collapsedOf.set(s, COLLAPSED_QUIET)
  }

  const edges = new Map<string, PictureEdge>()
  const addEdge = (from: string, to: string) => {
    if (!universe.has(from) || !universe.has(to)) return
    const a = collapsedOf.get(from) ?? from
    const b = collapsedOf.get(to) ?? to
    const k = key(a, b)
    // A collapsed group is drawn without edges: dozens of grey lines into one box hid the paths.
    if (a !== from || b !== to) return
    if (a !== b && !edges.has(k)) edges.set(k, { from: a, to: b, onPath: pathEdges.has(key(from, to)) })
  }
  for (const e of graph.edges) addEdge(e.from, e.to)
  // Path edges are drawn even when the kept graph lacks them (an older record, a trimmed graph).
  for (const k of pathEdges) {
    const [from, to] = k.split('\u0000') as [string, string]
    addEdge(from, to)
  }
  return { nodes, edges: [...edges.values()], serviceCount: universe.size }
}

/** Call-edge hops from `root` up through its callers (breadth first). */
function callerHops(root: string | undefined, graph: IncidentGraph): Map<string, number> {
  const hops = new Map<string, number>()
  if (!root) return hops
  const callers = new Map<string, string[]>()
  for (const e of graph.edges) (callers.get(e.to) ?? callers.set(e.to, []).get(e.to)!).push(e.from)
  hops.set(root, 0)
  const queue = [root]
  for (let i = 0; i < queue.length; i++) {
    const s = queue[i]!
    for (const c of callers.get(s) ?? []) {
      if (hops.has(c)) continue
      hops.set(c, hops.get(s)! + 1)
      queue.push(c)
    }
  }
  return hops
}

function key(from: string, to: string): string {
  return `${from}\u0000${to}`
}
