/**
 * The service call graph as the core sees it: an immutable snapshot with
 * precomputed caller/callee adjacency, so per-request work is bounded by the
 * alerting part of the graph (never all-pairs paths). Built once per graph
 * version by graph/parse.ts; plain data, so it crosses to workers as JSON.
 */
import type { Tier } from './model.ts'

export interface GraphNode {
  name: string
  tier: Tier
}

export interface GraphEdge {
  from: string
  to: string
  /** Calls per second when the edge was discovered from tracing or a mesh; absent for a file's edges. */
  weight?: number
}

/** Plain, serialisable description of a graph version (what workers receive). */
export interface GraphData {
  version: string
  source: string
  hash: string
  nodes: GraphNode[]
  edges: GraphEdge[]
}

export interface ServiceGraph {
  readonly data: GraphData
  readonly tiers: ReadonlyMap<string, Tier>
  /** service → services it calls (faults flow back from these). */
  readonly callees: ReadonlyMap<string, readonly string[]>
  /** service → services that call it (they alert when it breaks). */
  readonly callers: ReadonlyMap<string, readonly string[]>
}

const NONE: readonly string[] = []

/** Build adjacency once; edges are assumed validated (graph/parse.ts). */
export function createServiceGraph(data: GraphData): ServiceGraph {
  const tiers = new Map<string, Tier>()
  const callees = new Map<string, string[]>()
  const callers = new Map<string, string[]>()
  for (const n of data.nodes) {
    tiers.set(n.name, n.tier)
    callees.set(n.name, [])
    callers.set(n.name, [])
  }
  for (const e of data.edges) {
    callees.get(e.from)?.push(e.to)
    callers.get(e.to)?.push(e.from)
  }
  return { data, tiers, callees, callers }
}

export function calleesOf(graph: ServiceGraph, service: string): readonly string[] {
  return graph.callees.get(service) ?? NONE
}

export function callersOf(graph: ServiceGraph, service: string): readonly string[] {
  return graph.callers.get(service) ?? NONE
}

/**
 * Services within `maxHop` call edges of `start`, following one direction only
 * (callers or callees). Bounded BFS: cost is the size of that neighbourhood.
 */
export function withinHops(graph: ServiceGraph, start: string, maxHop: number, dir: 'callers' | 'callees'): Map<string, number> {
  const adj = dir === 'callers' ? graph.callers : graph.callees
  const dist = new Map<string, number>([[start, 0]])
  let frontier = [start]
  for (let hop = 1; hop <= maxHop && frontier.length > 0; hop++) {
    const next: string[] = []
    for (const s of frontier) {
      for (const n of adj.get(s) ?? NONE) {
        if (!dist.has(n)) {
          dist.set(n, hop)
          next.push(n)
        }
      }
    }
    frontier = next
  }
  return dist
}
