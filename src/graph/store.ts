/**
 * GraphStore: the live graph + history as immutable snapshots. A new snapshot
 * is fully parsed and validated before `swap`; a request reads `current` once
 * at its start and keeps that snapshot to the end, so a swap mid-request
 * changes nothing for it (Alertmanager's coordinator swaps the same way).
 */
import type { Incident } from '../domain/model.ts'
import { createServiceGraph, type GraphData, type ServiceGraph } from '../domain/service-graph.ts'

export interface Snapshot {
  readonly graph: ServiceGraph
  readonly history: readonly Incident[]
  /** Where the graph came from: "embedded", a file path, or "upload". */
  readonly graphOrigin: string
  readonly historyOrigin: string
  readonly historyHash: string
  /** RFC 3339 time the snapshot went live. */
  readonly loadedAt: string
}

export interface SnapshotInput {
  graph: GraphData
  history: readonly Incident[]
  graphOrigin: string
  historyOrigin: string
  historyHash: string
  loadedAt: string
}

export function createSnapshot(input: SnapshotInput): Snapshot {
  return Object.freeze({ ...input, graph: createServiceGraph(input.graph), history: Object.freeze([...input.history]) })
}

export class GraphStore {
  private live: Snapshot | undefined
  private prior: Snapshot | undefined

  constructor(initial?: Snapshot) {
    this.live = initial
  }

  get current(): Snapshot | undefined {
    return this.live
  }

  get previous(): Snapshot | undefined {
    return this.prior
  }

  /** Make `next` current; the old current becomes the rollback target. */
  swap(next: Snapshot): void {
    if (this.live) this.prior = this.live
    this.live = next
  }

  /** Back to the previous snapshot; false when there is none. */
  rollback(): boolean {
    if (!this.prior) return false
    ;[this.live, this.prior] = [this.prior, this.live]
    return true
  }
}
