/**
 * The open incidents this replica knows, indexed by alert fingerprint and
 * Alertmanager group key so that grouping a batch looks only at incidents
 * sharing something with it. Bounded: closed incidents are evicted as new
 * ones arrive, and past the cap the least recently seen go first.
 */
import type { BatchKey, GroupingDecision, OpenIncident } from './grouping.ts'
import { chooseIncident, GROUPING_DEFAULTS, type GroupingOptions } from './grouping.ts'

interface Entry extends OpenIncident {
  firstSeenMs: number
}

export class OpenIncidents {
  private readonly entries = new Map<string, Entry>()
  private readonly byFingerprint = new Map<string, Set<string>>()
  private readonly byGroup = new Map<string, Set<string>>()
  private readonly options: GroupingOptions

  constructor(
    private readonly maxOpen: number,
    options: Partial<GroupingOptions> = {},
  ) {
    this.options = { ...GROUPING_DEFAULTS, ...options }
  }

  get size(): number {
    return this.entries.size
  }

  /** When `id` was first seen (epoch ms), if it is open here. */
  firstSeen(id: string): number | undefined {
    return this.entries.get(id)?.firstSeenMs
  }

  /** When `id` was last seen (epoch ms), if it is known here. */
  lastSeen(id: string): number | undefined {
    return this.entries.get(id)?.lastSeenMs
  }

  /** Whether `id` is known and still open at `nowMs`. */
  isOpen(id: string, nowMs: number): boolean {
    const e = this.entries.get(id)
    return e !== undefined && nowMs - e.lastSeenMs <= this.options.openWindowMs
  }

  /** The incident `key` belongs to (see grouping.ts); does not record it. */
  decide(key: BatchKey, nowMs: number): GroupingDecision {
    const ids = new Set<string>()
    if (key.groupKey !== undefined) for (const id of this.byGroup.get(key.groupKey) ?? []) ids.add(id)
    else for (const fp of key.fingerprints) for (const id of this.byFingerprint.get(fp) ?? []) ids.add(id)
    const candidates: Entry[] = []
    for (const id of ids) {
      const e = this.entries.get(id)
      if (e) candidates.push(e)
    }
    return chooseIncident(key, candidates, nowMs, this.options)
  }

  /** Record that `id` now covers `key`'s alerts, seen at `nowMs`. */
  note(id: string, key: BatchKey, nowMs: number, firstSeenMs: number = nowMs): void {
    let e = this.entries.get(id)
    if (!e) {
      e = { id, fingerprints: new Set(), lastSeenMs: nowMs, firstSeenMs, ...(key.groupKey !== undefined ? { groupKey: key.groupKey } : {}) }
      if (key.groupKey !== undefined) this.post(this.byGroup, key.groupKey, id)
    }
    const fps = e.fingerprints as Set<string>
    for (const fp of key.fingerprints) {
      if (fps.has(fp)) continue
      fps.add(fp)
      this.post(this.byFingerprint, fp, id)
    }
    e.lastSeenMs = Math.max(e.lastSeenMs, nowMs)
    // Re-inserting keeps the map in last-seen order, so eviction takes the oldest first.
    this.entries.delete(id)
    this.entries.set(id, e)
    this.evict(nowMs)
  }

  /** Mark `id` as seen again without new alerts. */
  touch(id: string, nowMs: number): void {
    const e = this.entries.get(id)
    if (!e) return
    e.lastSeenMs = Math.max(e.lastSeenMs, nowMs)
    this.entries.delete(id)
    this.entries.set(id, e)
  }

  private post(index: Map<string, Set<string>>, key: string, id: string): void {
    const set = index.get(key)
    if (set) set.add(id)
    else index.set(key, new Set([id]))
  }

  private evict(nowMs: number): void {
    for (const [id, e] of this.entries) {
      const closed = nowMs - e.lastSeenMs > this.options.openWindowMs
      if (!closed && this.entries.size <= this.maxOpen) break
      this.drop(id, e)
    }
  }

  private drop(id: string, e: Entry): void {
    this.entries.delete(id)
    for (const fp of e.fingerprints) {
      const set = this.byFingerprint.get(fp)
      set?.delete(id)
      if (set?.size === 0) this.byFingerprint.delete(fp)
    }
    if (e.groupKey !== undefined) {
      const set = this.byGroup.get(e.groupKey)
      set?.delete(id)
      if (set?.size === 0) this.byGroup.delete(e.groupKey)
    }
  }
}
