/**
 * GraphStore: the live graph + history as immutable snapshots. A new snapshot
 * is fully parsed and validated before `swap`; a request reads `current` once
 * at its start and keeps that snapshot to the end, so a swap mid-request
 * changes nothing for it (Alertmanager's coordinator swaps the same way).
 * Caches derived from a graph are keyed by its snapshot object (WeakMap), so
 * a swap drops them with the old snapshot; listeners (metrics) hear of every
 * change of the live snapshot. The last `keep` versions that went live stay
 * kept, by version id, for diff and rollback to any of them.
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

/** Why the live snapshot changed. */
export type ChangeReason = 'swap' | 'rollback' | 'amend'
export type StoreListener = (current: Snapshot, reason: ChangeReason) => void

/** Versions kept when the caller does not say (AIOPS_GRAPH_KEEP_VERSIONS's default). */
export const DEFAULT_KEEP_VERSIONS = 10

/** The origin of a graph an operator sent (PUT /admin/graph, a promoted shadow candidate). */
export const UPLOAD_ORIGIN = 'upload'

/** Where a snapshot's graph came from, as /version's graph_source names it: a file path is "file". */
export function graphSourceKind(origin: string): string {
  if (origin === 'embedded' || origin === UPLOAD_ORIGIN || origin === 'jaeger' || origin.startsWith('prometheus:')) return origin
  return 'file'
}

export class GraphStore {
  private live: Snapshot | undefined
  private prior: Snapshot | undefined
  private readonly listeners = new Set<StoreListener>()
  private changes = 0
  private readonly keep: number
  // Oldest first, one entry per version id (a version that goes live again moves to the end).
  private readonly kept: Snapshot[] = []

  constructor(initial?: Snapshot, opts: { keep?: number } = {}) {
    this.live = initial
    this.keep = Math.max(1, opts.keep ?? DEFAULT_KEEP_VERSIONS)
    if (initial) this.remember(initial)
  }

  /** The kept versions, newest first (the live one among them). */
  get versions(): readonly Snapshot[] {
    return [...this.kept].reverse()
  }

  /** A kept version by id. */
  version(id: string): Snapshot | undefined {
    return this.kept.find((s) => s.graph.data.version === id)
  }

  get current(): Snapshot | undefined {
    return this.live
  }

  get previous(): Snapshot | undefined {
    return this.prior
  }

  /** How many times the live snapshot has changed (0 for the initial one). */
  get generation(): number {
    return this.changes
  }

  /**
   * Hear of every change of the live snapshot; called at once with the current
   * one when there is one. Returns the unsubscribe function.
   */
  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener)
    if (this.live) listener(this.live, 'swap')
    return () => this.listeners.delete(listener)
  }

  /** Make `next` current; the old current becomes the rollback target. */
  swap(next: Snapshot): void {
    if (this.live) this.prior = this.live
    this.live = next
    this.remember(next)
    this.changed('swap')
  }

  /**
   * Make the kept version `id` live; the version it replaces becomes the
   * previous one. 'missing' when it is not kept, 'live' when it already is.
   */
  rollbackTo(id: string): 'rolled_back' | 'missing' | 'live' {
    const target = this.version(id)
    if (!target) return 'missing'
    if (target === this.live) return 'live'
    this.prior = this.live
    this.live = target
    this.remember(target)
    this.changed('rollback')
    return 'rolled_back'
  }

  /**
   * Replace the live snapshot by an amended copy of the same version (e.g.
   * with learned history added) without making it a new version: the
   * rollback target stays what it was.
   */
  amend(next: Snapshot): void {
    this.live = next
    // Same version id: it replaces the kept entry of its version.
    this.remember(next)
    this.changed('amend')
  }

  /** Back to the previous snapshot (which becomes the new rollback target); false when there is none. */
  rollback(): boolean {
    if (!this.prior || !this.live) return false
    ;[this.live, this.prior] = [this.prior, this.live]
    this.remember(this.live)
    this.changed('rollback')
    return true
  }

  private remember(snap: Snapshot): void {
    const id = snap.graph.data.version
    const at = this.kept.findIndex((s) => s.graph.data.version === id)
    if (at >= 0) this.kept.splice(at, 1)
    this.kept.push(snap)
    if (this.kept.length > this.keep) this.kept.splice(0, this.kept.length - this.keep)
  }

  private changed(reason: ChangeReason): void {
    this.changes++
    const live = this.live!
    // A failing listener must not undo or block the swap: it already happened.
    for (const l of this.listeners) {
      try {
        l(live, reason)
      } catch {
        /* listeners report their own failures */
      }
    }
  }
}
