/**
 * ShadowService: runs the candidate beside the live pipeline and keeps its
 * report. A live route offers each answered batch; a share of them is
 * analysed again with the candidate's graph and settings through the
 * bounded queue, after the live answer has left, and compared with what was
 * answered. Nothing here can fail or slow a live answer: `offer` is constant
 * time and catches everything, and a candidate that throws is counted as a
 * skip. The candidate is graph-only (no LLM call is ever spent on a shadow).
 * Promote makes the candidate live: its graph becomes a new graph version
 * (rollback can leave it) and its settings the live settings.
 */
import type { Alert, IncidentReport } from '../domain/model.ts'
import type { GraphData } from '../domain/service-graph.ts'
import type { CandidateReason } from '../graph/discovery/candidate.ts'
import { type GraphStore, type Snapshot, UPLOAD_ORIGIN } from '../graph/store.ts'
import { withGraph } from '../graph/swap-graph.ts'
import { settingsJson, type LiveSettings, type PipelineSettings } from '../live-settings.ts'
import type { Logger } from '../logger.ts'
import type { Metrics } from '../metrics.ts'
import type { StoredIncident } from '../store/incident-record.ts'
import { describeCandidate, type Candidate } from './candidate.ts'
import { analyzeCandidateYielding, type CandidateAnalyzer } from './candidate-run.ts'
import { compareReports, scoreAgainst } from './compare.ts'
import { ShadowQueue, type ShadowQueueOptions } from './queue.ts'
import { ShadowTally, type SkipReason } from './tally.ts'

/**
 * A live batch answered this recently means traffic is flowing: the
 * candidate waits, so it never takes the thread from a request that is about
 * to arrive. Sequential clients send the next batch well within this;
 * Alertmanager deliveries are seconds apart, so ordinary traffic is compared
 * in full and a flood is shed (counted as skipped).
 */
export const QUIET_MS = 5

/** One answered live batch; thunks, so a request pays for nothing unless it is sampled and run. */
export interface LiveBatch {
  alerts: () => readonly Alert[]
  /** How many alerts it holds (an estimate when they are still text): what it weighs in the queue. */
  size: number
  report: () => IncidentReport
}

/** Resolves in a later macrotask once `busy` says no (asking every QUIET_MS). */
function whenQuiet(busy: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (busy() ? setTimeout(check, QUIET_MS).unref() : resolve())
    setImmediate(check)
  })
}

export interface ShadowDeps {
  store: GraphStore
  settings: LiveSettings
  metrics: Pick<Metrics, 'shadowRequests' | 'shadowDisagreements' | 'shadowCandidate'>
  logger: Logger
  queue: Pick<ShadowQueueOptions, 'capacity' | 'sample' | 'maxWeight'> & Partial<ShadowQueueOptions>
  analyze?: CandidateAnalyzer
  now?: () => Date
  /** True while live requests are in flight (the server's pending requests). */
  liveInFlight?: () => boolean
  /** Monotonic milliseconds (performance.now by default). */
  clock?: () => number
}

/** One comparison to make: where the batch came from and what live answered it with. */
interface ComparisonJob {
  /** "live", or a stored incident's id. */
  source: string
  at: string
  /** The operator-confirmed root, when known. */
  truth?: string
  snapshot: Snapshot | undefined
  settings: PipelineSettings
}

interface Active {
  candidate: Candidate
  tally: ShadowTally
  /** The candidate's snapshot per live snapshot: its graph with the live history. */
  snapshots: WeakMap<Snapshot, Snapshot>
}

export interface Promotion {
  graph_version: string | null
  pipeline_config: ReturnType<typeof settingsJson>
}

export class ShadowService {
  private active: Active | undefined
  private readonly queue: ShadowQueue
  private readonly analyze: CandidateAnalyzer
  private readonly now: () => Date
  private readonly clock: () => number
  private lastLive = -Infinity

  constructor(private readonly deps: ShadowDeps) {
    this.now = deps.now ?? (() => new Date())
    this.clock = deps.clock ?? (() => performance.now())
    const busy = () => this.clock() - this.lastLive < QUIET_MS || (deps.liveInFlight?.() ?? false)
    this.analyze = deps.analyze ?? analyzeCandidateYielding(() => whenQuiet(busy))
    this.queue = new ShadowQueue({
      busy,
      retryMs: QUIET_MS,
      ...deps.queue,
      onError: (e) => deps.logger.warn('shadow: job failed', { err: (e as Error)?.message }),
    })
  }

  get candidate(): Candidate | undefined {
    return this.active?.candidate
  }

  /** Makes `candidate` the one shadowed, replacing any earlier one; its report starts empty. */
  start(candidate: Candidate): void {
    this.queue.clear()
    this.active = { candidate, tally: new ShadowTally(), snapshots: new WeakMap() }
    const s = { ...this.deps.settings.current, ...candidate.settings }
    this.deps.metrics.shadowCandidate.reset()
    this.deps.metrics.shadowCandidate.set(
      {
        graph_version: candidate.graph?.version ?? 'live',
        gap_sec: String(s.gapSec),
        max_hop: String(s.maxHop),
        rca_method: s.method,
        reason: candidate.reason,
      },
      1,
    )
    this.deps.logger.info('shadow: candidate set', { graph_version: candidate.graph?.version ?? 'live', settings: settingsJson(s), reason: candidate.reason })
  }

  /**
   * A graph that discovery would have made live, shadowed instead
   * (AIOPS_GRAPH_REFRESH_MODE=shadow, or the collapse guard's rejected
   * graph): discovery's `onCandidate`. An operator's own candidate is kept:
   * a periodic refresh must not replace what someone is testing. Returns
   * whether the graph became the candidate.
   */
  startFromDiscovery(graph: GraphData, reason: CandidateReason): boolean {
    const current = this.active?.candidate
    if (current && current.graphOrigin !== 'discovery') {
      this.deps.logger.info('shadow: discovered graph not shadowed, an operator candidate is', { graph_version: graph.version, reason: reason.kind })
      return false
    }
    if (current?.graph?.hash === graph.hash) return false // the same graph again: keep its report
    // A discovered graph's source names where it came from (e.g. prometheus:istio): its graph_source once promoted.
    this.start({
      graph,
      graphOrigin: 'discovery',
      graphSource: graph.source,
      settings: {},
      reason: `discovery:${reason.kind}`,
      since: this.now().toISOString(),
    })
    return true
  }

  /** Drops the candidate and its report; false when there was none. */
  discard(): boolean {
    if (!this.active) return false
    this.active = undefined
    this.queue.clear()
    this.deps.metrics.shadowCandidate.reset()
    return true
  }

  /** GET /admin/shadow's body, or undefined when nothing is shadowed. */
  report() {
    const a = this.active
    if (!a) return undefined
    const { capacity, sample } = this.deps.queue
    return { candidate: describeCandidate(a.candidate, this.deps.settings.current), ...a.tally.toJSON(), queue: { size: this.queue.size, capacity, sample } }
  }

  /**
   * Called by a live route after it answered. Never throws, never waits.
   * @example shadow.offer({ alerts: () => alerts, size: alerts.length, report: () => report })
   */
  offer(batch: LiveBatch): void {
    const a = this.active
    if (!a) return
    try {
      this.lastLive = this.clock()
      // The time, graph and settings the batch was answered with, not those when the candidate gets to it.
      const at = this.now()
      const live = { snapshot: this.deps.store.current, settings: this.deps.settings.current }
      const outcome = this.queue.offer(() => this.compare(a, batch, { source: 'live', at: at.toISOString(), ...live }), batch.size)
      if (outcome === 'full') this.skip(a, 'queue_full')
      else if (outcome === 'unsampled') a.tally.unsampled()
    } catch (e) {
      this.deps.logger.warn('shadow: offer failed', { err: (e as Error)?.message })
    }
  }

  /** Resolves once every queued comparison ran (tests; replay waits for nothing queued). */
  idle(): Promise<void> {
    return this.queue.idle()
  }

  /**
   * Fills the report from stored incidents at once: the live side is the
   * answer that was given, the truth the operator's confirmed root if any.
   * Returns how many were compared; undefined when nothing is shadowed.
   */
  async replay(incidents: readonly StoredIncident[]): Promise<number | undefined> {
    const a = this.active
    if (!a) return undefined
    let compared = 0
    for (const inc of incidents) {
      if (inc.alerts.length === 0) continue
      const ok = await this.compare(
        a,
        { alerts: () => inc.alerts, size: inc.alerts.length, report: () => inc.report },
        { source: inc.id, at: inc.updated_at, truth: inc.feedback?.root_cause, snapshot: this.deps.store.current, settings: this.deps.settings.current },
      )
      if (ok) compared++
    }
    return compared
  }

  /** Makes the candidate live and stops shadowing it; undefined when there is none. */
  promote(): Promotion | undefined {
    const a = this.active
    if (!a) return undefined
    const { graph, graphSource, settings } = a.candidate
    const live = this.deps.store.current
    if (graph && live) {
      // A new version on top of the live one: rollback returns to what was live before.
      this.deps.store.swap(withGraph(live, graph, { origin: graphSource ?? UPLOAD_ORIGIN, loadedAt: this.now().toISOString() }))
    }
    const now = this.deps.settings.update(settings)
    this.deps.logger.info('shadow: candidate promoted', { graph_version: graph?.version ?? null, settings: settingsJson(now) })
    this.discard()
    return { graph_version: this.deps.store.current?.graph.data.version ?? null, pipeline_config: settingsJson(now) }
  }

  private skip(a: Active, reason: SkipReason): void {
    a.tally.skip(reason)
    this.deps.metrics.shadowRequests.inc({ outcome: 'skipped' })
  }

  /** Runs the candidate on one batch and records the comparison; false when it was skipped instead. */
  private async compare(a: Active, batch: LiveBatch, job: ComparisonJob): Promise<boolean> {
    const { source, at, truth, snapshot: live, settings } = job
    if (this.active !== a) return false // discarded or replaced meanwhile: its report is gone
    if (!live) {
      this.skip(a, 'no_graph')
      return false
    }
    let liveReport: IncidentReport
    let candidateReport: IncidentReport
    try {
      liveReport = batch.report()
      candidateReport = await this.analyze(batch.alerts(), this.snapshotFor(a, live), { ...settings, ...a.candidate.settings })
    } catch (e) {
      this.skip(a, 'failed')
      this.deps.logger.warn('shadow: candidate analysis failed', { err: (e as Error)?.message })
      return false
    }
    const c = compareReports(liveReport, candidateReport)
    const scored = truth ? { root: truth, live: scoreAgainst(liveReport, truth), candidate: scoreAgainst(candidateReport, truth) } : undefined
    const what = a.tally.record(c, at, source, scored)
    this.deps.metrics.shadowRequests.inc({ outcome: 'compared' })
    for (const w of what) this.deps.metrics.shadowDisagreements.inc({ what: w })
    return true
  }

  private snapshotFor(a: Active, live: Snapshot): Snapshot {
    const graph = a.candidate.graph
    if (!graph) return live
    let snap = a.snapshots.get(live)
    if (!snap) {
      snap = withGraph(live, graph, { origin: 'shadow', loadedAt: live.loadedAt })
      a.snapshots.set(live, snap)
    }
    return snap
  }
}
