/**
 * The incident store as the rest of the service uses it: keeping each
 * analysed batch (id now, write later), reading incidents back, taking an
 * operator's feedback (scored, written durably before it is acknowledged,
 * learned at once), live accuracy, retention and what /readyz reports. A
 * slow or down store never reaches an answer: the request path only queues.
 */
import type { GraphStore } from '../graph/store.ts'
import type { Logger } from '../logger.ts'
import type { Metrics } from '../metrics.ts'
import { accuracy, type AccuracyWindow } from './accuracy.ts'
import { scoreFeedback } from './feedback-score.ts'
import { GROUPING_DEFAULTS } from './grouping.ts'
import { createHistoryLearner, type HistoryLearner } from './history-learner.ts'
import type { IncidentFeedback, StoredIncident } from './incident-record.ts'
import { createIncidentRecorder, type PendingIncident, type RecordInput } from './incident-recorder.ts'
import type { IncidentQuery, IncidentStore } from './incident-store.ts'
import { openPostgresStore } from './postgres-store.ts'
import type { StoreSettings } from './settings.ts'
import { openSqliteStore } from './sqlite-store.ts'
import { createWriteQueue, WRITE_QUEUE_DEFAULTS } from './write-queue.ts'

const DAY_MS = 86_400_000
// Another replica's feedback reaches this one's history, and its incidents this one's grouping,
// within this; each is a cheap indexed query.
const LEARN_POLL_MS = 2000
// Updates written by a replica whose clock is this far behind ours are still picked up.
const CLOCK_SKEW_MS = 60_000
// Retention runs at start and then this often; deleting a day's worth is one indexed DELETE.
const PURGE_EVERY_MS = 60 * 60_000
// /readyz never waits longer than this for the store to answer.
const PING_TIMEOUT_MS = 250
const ACCURACY_SPAN_DAYS = 30

/** The store could not be read or written (down, slow, or failing). */
export class StoreUnavailableError extends Error {}

export interface FeedbackInput {
  root_cause: string
  actions?: string[]
  note?: string
}

export interface IncidentServiceOptions {
  incidents: IncidentStore
  graphs: GraphStore
  metrics: Metrics
  logger: Logger
  retentionDays: number
  /** Base URL for incident_url links; absent = no links. */
  publicUrl?: string
  now?: () => number
  learnPollMs?: number
  openWindowMs?: number
}

export interface StoreStatus {
  kind: string
  reachable: boolean | 'slow'
  queue_depth: number
  write_failures: number
  last_write_error: string | null
  learned_incidents: number
}

export interface IncidentService {
  readonly kind: IncidentStore['kind']
  /** Request path: the incident id (and link) of a batch just answered; the write is queued. */
  record(input: RecordInput): { id: string; url?: string }
  get(id: string): Promise<StoredIncident | null>
  list(query: IncidentQuery): Promise<StoredIncident[]>
  /** null when the id is unknown. */
  feedback(id: string, input: FeedbackInput): Promise<StoredIncident | null>
  accuracy(): Promise<Record<string, AccuracyWindow>>
  status(): Promise<StoreStatus>
  /** Learns confirmed incidents, seeds open incidents, starts retention. Failures are logged, not thrown. */
  start(): Promise<void>
  /** A named piece of learnt state (incident-store.ts loadState); throws StoreUnavailableError. */
  loadState(name: string): Promise<string | null>
  saveState(name: string, doc: string): Promise<void>
  /** Writes what is queued and closes the store. */
  close(): Promise<void>
}

/** Opens the store the configuration names; undefined when it is off. Throws when an SQLite file cannot be opened. */
export function openIncidentStore(settings: StoreSettings): IncidentStore | undefined {
  if (settings.kind === 'off') return undefined
  if (settings.kind === 'postgres') return openPostgresStore(settings.url)
  return openSqliteStore(settings.path)
}

async function guarded<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op()
  } catch (e) {
    throw new StoreUnavailableError(`incident store unavailable: ${(e as Error).message}`)
  }
}

export function createIncidentService(opts: IncidentServiceOptions): IncidentService {
  const { incidents, metrics, logger } = opts
  const now = opts.now ?? Date.now
  const retentionMs = opts.retentionDays * DAY_MS
  const queue = createWriteQueue<PendingIncident>({
    ...WRITE_QUEUE_DEFAULTS,
    write: (batch) => incidents.upsert(batch.map((p) => p.build())),
    onOutcome: (outcome, n) => metrics.storeWrites.inc({ outcome }, n),
    onDepth: (d) => metrics.storeQueueDepth.set(d),
    logError: (msg, fields) => logger.error(msg, { store: incidents.kind, ...fields }),
    now,
  })
  const openWindowMs = opts.openWindowMs ?? GROUPING_DEFAULTS.openWindowMs
  const recorder = createIncidentRecorder({ incidents, queue, openWindowMs, now })
  const learner: HistoryLearner = createHistoryLearner({ graphs: opts.graphs, incidents, logger, pollMs: opts.learnPollMs ?? LEARN_POLL_MS, retentionMs, now })
  const base = opts.publicUrl?.replace(/\/+$/, '')
  let purgeTimer: ReturnType<typeof setInterval> | undefined
  let syncTimer: ReturnType<typeof setInterval> | undefined
  let synced = 0
  let syncing = false
  let closed = false

  /** Open incidents other replicas updated since the last look (and, the first time, all still open). */
  async function sync(): Promise<void> {
    if (syncing) return
    syncing = true
    try {
      synced = await recorder.sync(Math.max(0, (synced || now() - openWindowMs) - CLOCK_SKEW_MS))
    } catch (e) {
      logger.debug('incident store: open-incident sync failed', { error: (e as Error).message })
    } finally {
      syncing = false
    }
  }

  async function purge(): Promise<void> {
    try {
      const n = await incidents.purge(now() - retentionMs)
      if (n > 0) logger.info('incident store: retention', { deleted: n, retention_days: opts.retentionDays })
    } catch (e) {
      logger.warn('incident store: retention failed', { error: (e as Error).message })
    }
  }

  /** The stored state of `id`, writing its queued state first so a just-answered incident is found. */
  async function read(id: string): Promise<StoredIncident | null> {
    await recorder.flushPending(id)
    return incidents.get(id)
  }

  return {
    kind: incidents.kind,
    record(input) {
      const id = recorder.record(input)
      return base ? { id, url: `${base}/incidents/${id}` } : { id }
    },
    get: (id) => guarded(() => read(id)),
    list: (q) =>
      guarded(async () => {
        // What was answered before this request is listed too.
        await queue.flush()
        return incidents.list(q)
      }),
    async feedback(id, input) {
      const saved = await guarded(async () => {
        const incident = await read(id)
        if (!incident) return null
        const feedback: IncidentFeedback = {
          root_cause: input.root_cause,
          actions: input.actions ?? [],
          ...(input.note !== undefined ? { note: input.note } : {}),
          at: new Date(now()).toISOString(),
          outcome: scoreFeedback(incident.report.root_cause, input.root_cause),
        }
        return incidents.saveFeedback(id, feedback)
      })
      if (saved?.feedback) {
        metrics.feedback.inc({ outcome: saved.feedback.outcome })
        learner.learn(saved)
      }
      return saved
    },
    accuracy: () => guarded(async () => accuracy(await incidents.feedbackSince(now() - ACCURACY_SPAN_DAYS * DAY_MS), now())),
    async status() {
      let timeout: ReturnType<typeof setTimeout> | undefined
      const reachable = await Promise.race([
        incidents.ping().then(
          () => true,
          () => false,
        ),
        new Promise<'slow'>((resolve) => (timeout = setTimeout(() => resolve('slow'), PING_TIMEOUT_MS))),
      ])
      clearTimeout(timeout)
      const f = queue.failures()
      return {
        kind: incidents.kind,
        reachable,
        queue_depth: queue.depth(),
        write_failures: f.count,
        last_write_error: f.last_error,
        learned_incidents: learner.size(),
      }
    },
    async start() {
      await purge()
      await sync()
      await learner.start()
      // Closed while the store was still answering the first looks: no pollers outlive close().
      if (closed) return
      syncTimer = setInterval(() => void sync(), opts.learnPollMs ?? LEARN_POLL_MS)
      syncTimer.unref?.()
      purgeTimer = setInterval(() => void purge(), PURGE_EVERY_MS)
      purgeTimer.unref?.()
    },
    loadState: (name) => guarded(() => incidents.loadState(name)),
    saveState: (name, doc) => guarded(() => incidents.saveState(name, doc)),
    async close() {
      closed = true
      if (purgeTimer) clearInterval(purgeTimer)
      if (syncTimer) clearInterval(syncTimer)
      learner.stop()
      await queue.close().catch(() => {})
      await incidents.close().catch(() => {})
    },
  }
}
