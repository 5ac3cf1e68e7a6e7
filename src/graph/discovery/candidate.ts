/**
 * The pending candidate: a discovered graph that did not go live, with the
 * reason. The refresher hands every such graph to an `onCandidate` callback;
 * this slot is the default one (the latest candidate replaces the one before,
 * shown by GET /admin/graph/versions). A shadow runner can take the callback
 * instead and try the candidate on live traffic.
 */
import type { GraphData } from '../../domain/service-graph.ts'

/** Why a discovered graph became a candidate instead of the live graph. */
export type CandidateReason =
  /** It would remove more than AIOPS_GRAPH_MAX_SHRINK of the live edges. */
  | { kind: 'shrink'; removed_share: number; max_shrink: number }
  /** AIOPS_GRAPH_REFRESH_MODE=shadow: every changed graph waits for an operator. */
  | { kind: 'changed' }

export type OnCandidate = (graph: GraphData, reason: CandidateReason) => void

export interface Candidate {
  graph: GraphData
  reason: CandidateReason
  /** RFC 3339 time it was offered. */
  at: string
}

export interface CandidateSlot {
  offer: OnCandidate
  current(): Candidate | undefined
  clear(): void
}

export function createCandidateSlot(now: () => Date = () => new Date()): CandidateSlot {
  let held: Candidate | undefined
  return {
    offer: (graph, reason) => {
      held = { graph, reason, at: now().toISOString() }
    },
    current: () => held,
    clear: () => {
      held = undefined
    },
  }
}

/** The candidate as the admin API shows it (no edge lists: the diff route gives those). */
export function describeCandidate(c: Candidate | undefined) {
  if (!c) return null
  const g = c.graph
  return { id: g.version, source: g.source, offered_at: c.at, reason: c.reason, node_count: g.nodes.length, edge_count: g.edges.length }
}
