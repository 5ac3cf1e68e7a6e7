/**
 * Learning from operators: every confirmed or corrected incident joins the
 * incident history that similar_incidents, recommended actions and the
 * history prior read. The history lives in the live graph snapshot (which
 * workers receive too), so the learner amends the live snapshot with its
 * learned entries: at once for feedback given here, within one poll for
 * feedback given on another replica sharing the store, and at start for
 * everything confirmed within retention; an entry is forgotten once its
 * feedback passes retention. A snapshot swapped in later (a graph
 * or history reload, a rollback) is amended again.
 */
import type { Incident } from '../domain/model.ts'
import { createSnapshot, type GraphStore, type Snapshot } from '../graph/store.ts'
import type { Logger } from '../logger.ts'
import { historyEntry } from './incident-build.ts'
import type { StoredIncident } from './incident-record.ts'
import type { IncidentStore } from './incident-store.ts'

export interface LearnerOptions {
  graphs: GraphStore
  incidents: IncidentStore
  logger: Logger
  /** How often to look for feedback given on other replicas. */
  pollMs: number
  /** Feedback older than this at start is not loaded (it is past retention). */
  retentionMs: number
  now?: () => number
}

// Feedback written by another replica with a clock this far behind ours is still picked up.
const CLOCK_SKEW_MS = 60_000

export interface HistoryLearner {
  /** Loads what is confirmed within retention and starts polling. */
  start(): Promise<void>
  /** Learn one incident now (feedback just given on this replica). */
  learn(incident: StoredIncident): void
  /** Learned entries (for tests and /readyz). */
  size(): number
  stop(): void
}

export function createHistoryLearner(opts: LearnerOptions): HistoryLearner {
  const now = opts.now ?? Date.now
  const learned = new Map<string, { entry: Incident; feedbackAt: string }>()
  // Entries this learner put into a history, so a merge replaces them instead of keeping stale copies.
  const ours = new WeakSet<Incident>()
  // The learned generation each snapshot carries; a snapshot not listed has none.
  const applied = new WeakMap<Snapshot, number>()
  let generation = 0
  let watermark = 0
  let timer: ReturnType<typeof setInterval> | undefined
  let unsubscribe: (() => void) | undefined
  let polling = false
  let stopped = false

  function amend(): void {
    const live = opts.graphs.current
    if (!live || applied.get(live) === generation) return
    const base = live.history.filter((inc) => !ours.has(inc) && !learned.has(inc.id))
    const next = createSnapshot({
      graph: live.graph.data,
      history: [...base, ...[...learned.values()].map((l) => l.entry)],
      graphOrigin: live.graphOrigin,
      historyOrigin: live.historyOrigin,
      historyHash: live.historyHash,
      loadedAt: live.loadedAt,
    })
    applied.set(next, generation)
    opts.graphs.amend(next)
  }

  /** True when the entry changed what is learned. */
  function take(incident: StoredIncident): boolean {
    const entry = historyEntry(incident)
    if (!entry || !incident.feedback || Date.parse(incident.feedback.at) < now() - opts.retentionMs) return false
    const known = learned.get(incident.id)
    if (known && known.feedbackAt === incident.feedback.at) return false
    ours.add(entry)
    learned.set(incident.id, { entry, feedbackAt: incident.feedback.at })
    const at = Date.parse(incident.feedback.at)
    if (at > watermark) watermark = at
    return true
  }

  /**
   * Drops entries whose feedback is past retention: the store purges them and a restarted replica
   * would not load them, so a long-running one must not answer from them either (nor grow without end).
   */
  function forgetExpired(): boolean {
    const oldest = now() - opts.retentionMs
    let forgot = false
    for (const [id, l] of learned) {
      if (Date.parse(l.feedbackAt) >= oldest) continue
      learned.delete(id)
      forgot = true
    }
    return forgot
  }

  async function poll(sinceMs: number): Promise<void> {
    if (polling) return
    polling = true
    // Forgetting needs no store: a store that is down still lets expired entries go.
    let changed = forgetExpired()
    try {
      for (const inc of await opts.incidents.confirmedSince(sinceMs)) changed = take(inc) || changed
    } catch (e) {
      opts.logger.debug('history learner: store poll failed', { error: (e as Error).message })
    } finally {
      polling = false
    }
    if (changed) {
      generation++
      amend()
    }
  }

  return {
    async start() {
      await poll(now() - opts.retentionMs)
      if (watermark === 0) watermark = now()
      if (stopped) return
      // A swapped-in snapshot (reload, rollback) lacks the learned entries: amend it after the swap settles.
      unsubscribe = opts.graphs.subscribe(() => queueMicrotask(amend))
      timer = setInterval(() => void poll(watermark - CLOCK_SKEW_MS), opts.pollMs)
      timer.unref?.()
    },
    learn(incident) {
      if (take(incident)) {
        generation++
        amend()
      }
    },
    size: () => learned.size,
    stop() {
      stopped = true
      if (timer) clearInterval(timer)
      unsubscribe?.()
    },
  }
}
