/**
 * Which stored incident a batch belongs to. Pure: the caller passes the open
 * incidents it knows and the time.
 *
 * - A delivery from Alertmanager names its group (groupKey): the same group,
 *   still open, is the same incident. Alertmanager already decided what
 *   belongs together, and its notifications of a growing group repeat the
 *   group's alerts, so the key is the most faithful signal.
 * - A plain POST /incident has no such key: it joins the open incident whose
 *   alert sources (fingerprints) overlap it most, when they overlap enough.
 *   A storm growing over deliveries re-sends its first alerts, so the
 *   overlap with what it already was stays high, while an unrelated batch
 *   shares few sources.
 * - Otherwise it is a new incident whose id is derived from its content (the
 *   sorted alert sources and the first onset), so the same batch sent again,
 *   on any replica or after a restart, lands on the same row.
 */
import { batchSources, type BatchSources } from '../domain/batch-sources.ts'
import { hash64 } from '../domain/hash.ts'

export interface GroupingOptions {
  /** An incident with no delivery for this long is closed: later batches start a new one. */
  openWindowMs: number
  /** Overlap coefficient |A∩B| / min(|A|,|B|) of alert sources needed to join an open incident. */
  minOverlap: number
}

// An hour covers Alertmanager's default group_interval (5 m) many times over and a storm's usual
// lifetime; half the smaller batch's sources in common keeps two independent failures apart
// while a storm that doubled in size still joins.
export const GROUPING_DEFAULTS: GroupingOptions = { openWindowMs: 60 * 60_000, minOverlap: 0.5 }

/** What identifies a batch for grouping. */
export interface BatchKey {
  /** Hashes of the distinct alert fingerprints, sorted (domain/batch-sources.ts). */
  fingerprints: readonly string[]
  /** Earliest alert onset (epoch ms). */
  onsetMs: number
  groupKey?: string
}

export interface OpenIncident {
  id: string
  fingerprints: ReadonlySet<string>
  groupKey?: string
  lastSeenMs: number
}

export type GroupingDecision = { id: string; reason: 'group_key' | 'overlap' | 'new' }

/** The key of a batch from its alerts' fingerprints and onsets. */
export function batchKey(alerts: ReadonlyArray<{ fingerprint: string; tsMs: number }>, groupKey?: string): BatchKey {
  return withGroup(batchSources(alerts), groupKey)
}

/** A batch's sources (domain/batch-sources.ts) with its Alertmanager group, if any. */
export function withGroup(sources: BatchSources, groupKey?: string): BatchKey {
  return { ...sources, ...(groupKey !== undefined ? { groupKey } : {}) }
}

/** The id a new incident gets: a hash of its content, so a re-sent batch maps to the same id. */
export function contentId(key: BatchKey): string {
  return `inc-${hash64(`${key.groupKey ?? ''}\u0001${key.onsetMs}\u0001${key.fingerprints.join('\u0002')}`)}`
}

function overlap(a: readonly string[], b: ReadonlySet<string>): number {
  if (a.length === 0 || b.size === 0) return 0
  let shared = 0
  for (const x of a) if (b.has(x)) shared++
  return shared / Math.min(a.length, b.size)
}

/**
 * The incident a batch belongs to among `open` (closed ones are ignored).
 * @example chooseIncident(batchKey(alerts), openIncidents, Date.now()).id
 */
export function chooseIncident(key: BatchKey, open: Iterable<OpenIncident>, nowMs: number, options: Partial<GroupingOptions> = {}): GroupingDecision {
  const { openWindowMs, minOverlap } = { ...GROUPING_DEFAULTS, ...options }
  let best: OpenIncident | undefined
  let bestScore = 0
  for (const inc of open) {
    if (nowMs - inc.lastSeenMs > openWindowMs) continue
    if (key.groupKey !== undefined) {
      // A keyed delivery joins only its own group: two Alertmanager groups are two incidents by configuration.
      if (inc.groupKey === key.groupKey && (!best || inc.lastSeenMs > best.lastSeenMs)) best = inc
      continue
    }
    if (inc.groupKey !== undefined) continue
    const score = overlap(key.fingerprints, inc.fingerprints)
    if (score >= minOverlap && (score > bestScore || (score === bestScore && best !== undefined && inc.lastSeenMs > best.lastSeenMs))) {
      best = inc
      bestScore = score
    }
  }
  if (best) return { id: best.id, reason: key.groupKey !== undefined ? 'group_key' : 'overlap' }
  return { id: contentId(key), reason: 'new' }
}
