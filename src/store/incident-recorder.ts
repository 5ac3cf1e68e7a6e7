/**
 * Keeps every analysed batch, cheaply on the request path: the incident id is
 * decided synchronously (grouping against the open incidents this replica
 * knows), the record is built and written later by the write-behind queue.
 * An exact re-send of a body (same text) is recognised by its hash alone, so
 * a storm re-delivered thousands of times costs a map look-up per request;
 * a new body is grouped by the alert sources the answering thread (usually a
 * worker) wrote beside the answer, so the main thread does not parse it.
 */
import type { Alert, IncidentReport } from '../domain/model.ts'
import { fingerprint } from '../domain/fingerprint.ts'
import type { ServiceGraph } from '../domain/service-graph.ts'
import { parseTs } from '../domain/time.ts'
import { readSourcesText } from '../domain/batch-sources.ts'
import { batchKey, withGroup } from './grouping.ts'
import { buildIncident } from './incident-build.ts'
import type { StoredIncident } from './incident-record.ts'
import type { IncidentStore } from './incident-store.ts'
import { OpenIncidents } from './open-incidents.ts'
import type { WriteQueue } from './write-queue.ts'

export interface RecordInput {
  /** The batch's alerts; a function when they are still text (read only if needed). */
  alerts: readonly Alert[] | (() => readonly Alert[])
  /** The report, or its JSON text (parsed when the record is built, off the request path). */
  report: IncidentReport | string
  graph: ServiceGraph
  settings: StoredIncident['settings']
  /** Alertmanager's groupKey for webhook deliveries. */
  groupKey?: string
  /** A hash of the request body, when the caller has one: an exact re-send then skips fingerprinting. */
  textKey?: string
  /** The batch's alert sources as the answering thread wrote them (domain/batch-sources.ts): no fingerprinting here. */
  sources?: string
}

/** A queued write: built into a record only when the writer takes it. */
export interface PendingIncident {
  id: string
  build(): StoredIncident
}

export interface IncidentRecorder {
  /** The incident id of this batch; its record is queued for writing. */
  record(input: RecordInput): string
  /** Write the queued state of `id` now, if any (feedback must find the row). */
  flushPending(id: string): Promise<void>
  /**
   * Learn the incidents updated in the store since `sinceMs`, by any replica,
   * so a storm's next delivery joins its incident whichever replica gets it
   * (at start: everything still open). Returns the latest update seen.
   */
  sync(sinceMs: number): Promise<number>
}

export interface RecorderOptions {
  incidents: IncidentStore
  queue: WriteQueue<PendingIncident>
  openWindowMs: number
  now?: () => number
}

// Open incidents kept in memory: far more than a team has open at once; each costs its
// fingerprints, and ten times this many made the collector's work show under a flood of new batches.
const MAX_OPEN = 2000
// Recently seen body hashes: a re-delivered storm hits this instead of being grouped again.
const MAX_TEXT_KEYS = 2000
// The same body answered the same way is written again only this long after it last was: its
// updated_at moves by at most this, and a storm re-sent hundreds of times a second costs no
// writes (rewriting the same row showed in the main thread's profile under wrk).
const SAME_ANSWER_REWRITE_MS = 60_000

function keyOf(alerts: readonly Alert[], groupKey: string | undefined) {
  const rows = alerts.map((a) => ({ fingerprint: fingerprint(a), tsMs: parseTs(a.ts) ?? 0 }))
  return batchKey(rows, groupKey)
}

/** The alerts of an input, read once. */
function alertsOf(input: RecordInput): readonly Alert[] {
  if (typeof input.alerts === 'function') input.alerts = input.alerts()
  return input.alerts
}

export function createIncidentRecorder(opts: RecorderOptions): IncidentRecorder {
  const now = opts.now ?? Date.now
  const open = new OpenIncidents(MAX_OPEN, { openWindowMs: opts.openWindowMs })
  const byText = new Map<string, string>()
  // What was last queued for an incident re-sent with the same body: when, and the report.
  const lastQueued = new Map<string, { atMs: number; report: RecordInput['report'] }>()

  /** The incident id, and whether this is a body seen before (by its hash). */
  function decide(input: RecordInput, nowMs: number): { id: string; repeat: boolean } {
    const textKey = input.textKey === undefined ? undefined : `${input.groupKey ?? ''}\u0001${input.textKey}`
    if (textKey !== undefined) {
      const id = byText.get(textKey)
      if (id !== undefined && open.isOpen(id, nowMs)) {
        open.touch(id, nowMs)
        return { id, repeat: true }
      }
    }
    const given = input.sources === undefined ? undefined : readSourcesText(input.sources)
    const key = given ? withGroup(given, input.groupKey) : keyOf(alertsOf(input), input.groupKey)
    const { id } = open.decide(key, nowMs)
    open.note(id, key, nowMs)
    if (textKey !== undefined) {
      byText.delete(textKey)
      byText.set(textKey, id)
      if (byText.size > MAX_TEXT_KEYS) byText.delete(byText.keys().next().value!)
    }
    return { id, repeat: false }
  }

  return {
    record(input) {
      const nowMs = now()
      const { id, repeat } = decide(input, nowMs)
      const last = lastQueued.get(id)
      // The same body with the same answer (same graph and history): the row already says it all.
      if (repeat && last && last.report === input.report && nowMs - last.atMs < SAME_ANSWER_REWRITE_MS) return id
      lastQueued.delete(id)
      lastQueued.set(id, { atMs: nowMs, report: input.report })
      if (lastQueued.size > MAX_TEXT_KEYS) lastQueued.delete(lastQueued.keys().next().value!)
      const createdMs = open.firstSeen(id) ?? nowMs
      opts.queue.put({
        id,
        build: () =>
          buildIncident({
            id,
            createdAt: new Date(createdMs).toISOString(),
            updatedAt: new Date(nowMs).toISOString(),
            ...(input.groupKey !== undefined ? { groupKey: input.groupKey } : {}),
            report: typeof input.report === 'string' ? (JSON.parse(input.report) as IncidentReport) : input.report,
            alerts: alertsOf(input) as Alert[],
            graph: input.graph,
            settings: input.settings,
          }),
      })
      return id
    },
    async flushPending(id) {
      if (opts.queue.pending(id)) await opts.queue.flush()
    },
    async sync(sinceMs) {
      let latest = sinceMs
      const rows = await opts.incidents.updatedByOthers(sinceMs, MAX_OPEN)
      // Oldest first, so the most recent end up last in the index's eviction order.
      for (const row of rows.reverse()) {
        const updated = Number(row.updated_ms)
        if (updated > latest) latest = updated
        const known = open.lastSeen(row.id)
        if (known !== undefined && known >= updated) continue
        const sources = readSourcesText(row.sources)
        if (sources) open.note(row.id, withGroup(sources, row.group_key ?? undefined), updated, Number(row.created_ms))
      }
      return latest
    },
  }
}
