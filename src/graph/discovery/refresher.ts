/**
 * GraphRefresher: discovers the service graph from a source (Prometheus or
 * Jaeger) every AIOPS_GRAPH_REFRESH_SEC and on POST /admin/graph/reload, and
 * swaps it in the way the file reloader does: built and validated fully
 * first, swapped in one step, the old graph kept on any failure. Guards: a
 * failing source keeps the live graph (one log line naming source and
 * reason, counted); a graph that would remove more than AIOPS_GRAPH_MAX_SHRINK
 * of the live edges is not applied but offered as a candidate, as is every
 * changed graph in shadow mode. Refreshes run one at a time.
 */
import type { GraphData } from '../../domain/service-graph.ts'
import type { Logger } from '../../logger.ts'
import type { Metrics } from '../../metrics.ts'
import { diffGraphs, removedShare } from '../diff.ts'
import { graphFromText, readText } from '../load.ts'
import { serial } from '../serial.ts'
import type { GraphStore } from '../store.ts'
import { swapGraph } from '../swap-graph.ts'
import type { OnCandidate } from './candidate.ts'
import { composeGraph, remember, type RememberedEdge } from './compose.ts'
import { SourceFailure, type FailureReason } from './observed.ts'
import type { DiscoverySource } from './sources.ts'

// Until the source has answered once, retry this often (at most): a replica that started while
// its source was away should not serve the fallback graph for a whole refresh interval.
const FIRST_GRAPH_RETRY_SEC = 15

export type RefreshTrigger = 'start' | 'timer' | 'admin' | 'SIGHUP' | 'test'

interface Base {
  source: string
  /** The live version after the refresh. */
  version: string | null
  message: string
}
export type RefreshResult =
  | (Base & { result: 'applied'; added_edges: number; removed_edges: number; added_nodes: number; removed_nodes: number })
  | (Base & { result: 'unchanged' })
  | (Base & { result: 'failed'; reason: FailureReason | 'overlay'; error: string })
  /** Not applied: kept as the pending candidate (shrink guard, or shadow mode). */
  | (Base & { result: 'rejected' | 'candidate'; candidate: string; reason: string })

export interface RefresherOptions {
  store: GraphStore
  metrics: Metrics
  logger: Logger
  source: DiscoverySource
  overlayPath?: string
  retentionSec: number
  maxShrink: number
  mode: 'apply' | 'shadow'
  onCandidate: OnCandidate
  now?: () => Date
}

export class GraphRefresher {
  private readonly o: RefresherOptions
  private readonly now: () => Date
  private memory = new Map<string, RememberedEdge>()
  // Hash of the discovered content last applied (or offered, in shadow mode), not of the live
  // graph: after a rollback or an upload, the same discovered content must not go over it again.
  private applied: string | undefined
  private offered: string | undefined
  private readonly oneAtATime = serial()
  private timer: ReturnType<typeof setTimeout> | undefined
  private intervalSec = 0
  private last: { attempt?: Date; success?: Date; result?: RefreshResult } = {}

  constructor(opts: RefresherOptions) {
    this.o = opts
    this.now = opts.now ?? (() => new Date())
  }

  /** Discover now and apply when changed and safe. Never throws; refreshes are serialised. */
  reload(trigger: RefreshTrigger = 'admin'): Promise<RefreshResult> {
    return this.oneAtATime(() => this.attempt(trigger))
  }

  /** Refresh every `sec` seconds (0 = only on demand), sooner until the source has answered once. */
  start(sec: number): void {
    this.stop()
    this.intervalSec = sec
    if (sec <= 0) return
    const schedule = () => {
      const wait = this.last.success ? sec : Math.min(sec, FIRST_GRAPH_RETRY_SEC)
      this.timer = setTimeout(() => void this.reload('timer').finally(() => this.timer && schedule()), wait * 1000)
      this.timer.unref?.()
    }
    schedule()
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
  }

  status() {
    const r = this.last.result
    return {
      source: this.o.source.name,
      mode: this.o.mode,
      interval_sec: this.timer ? this.intervalSec : 0,
      edges_remembered: this.memory.size,
      last_attempt_at: this.last.attempt?.toISOString() ?? null,
      last_success_at: this.last.success?.toISOString() ?? null,
      last_result: r?.result ?? null,
      last_error: r?.result === 'failed' ? r.error : null,
    }
  }

  private async attempt(trigger: RefreshTrigger): Promise<RefreshResult> {
    const { metrics, logger, source } = this.o
    this.last.attempt = this.now()
    const result = await this.discover(this.last.attempt.getTime())
    this.last.result = result
    metrics.graphRefreshes.inc({ source: source.name, outcome: result.result })
    if (result.result === 'failed') {
      metrics.graphRefreshFailures.inc({ source: source.name, reason: result.reason })
      logger.warn('graph discovery failed; the live graph keeps serving', {
        trigger,
        source: source.name,
        reason: result.reason,
        error: result.error,
        serving_version: result.version,
      })
      return result
    }
    this.last.success = this.last.attempt
    metrics.graphLastRefreshSuccessTimestamp.set({ source: source.name }, this.last.attempt.getTime() / 1000)
    if (result.result === 'applied') {
      logger.info('discovered graph applied', { trigger, ...result })
    } else if (result.result === 'unchanged') logger.debug('discovered graph unchanged', { trigger, source: source.name })
    else logger.warn('discovered graph not applied; kept as the pending candidate', { trigger, ...result })
    return result
  }

  private async discover(nowMs: number): Promise<RefreshResult> {
    const { store, source, overlayPath, retentionSec, maxShrink, mode, onCandidate } = this.o
    const live = () => store.current?.graph.data.version ?? null
    const failed = (reason: FailureReason | 'overlay', error: string): RefreshResult => ({
      result: 'failed',
      source: source.name,
      version: live(),
      reason,
      error,
      message: `discovery failed, still serving ${live()}: ${error}`,
    })
    let overlay: GraphData | undefined
    try {
      overlay = overlayPath ? graphFromText(await readText(overlayPath), overlayPath) : undefined
    } catch (e) {
      return failed('overlay', `overlay: ${(e as Error).message}`)
    }
    let observed
    try {
      observed = await source.fetch(nowMs)
    } catch (e) {
      if (e instanceof SourceFailure) return failed(e.reason, e.message)
      return failed('bad_answer', `${source.name}: ${(e as Error).message}`)
    }
    this.memory = remember(this.memory, observed, nowMs, retentionSec)
    const graph = composeGraph({ memory: this.memory, overlay, source: source.name })
    const base = store.current
    if (graph.hash === this.applied || (mode === 'shadow' && graph.hash === this.offered)) {
      return { result: 'unchanged', source: source.name, version: live(), message: `discovered graph unchanged; serving ${live()}` }
    }
    // The guard compares with a live graph from this same source only: replacing the start-up
    // fallback (or an upload) with the first discovered graph is not a collapse.
    const share = base && base.graphOrigin === source.name ? removedShare(base.graph.data, graph) : 0
    if (share > maxShrink) {
      onCandidate(graph, { kind: 'shrink', removed_share: share, max_shrink: maxShrink })
      const reason = `would remove ${(share * 100).toFixed(0)} % of the live edges (more than AIOPS_GRAPH_MAX_SHRINK=${maxShrink})`
      return {
        result: 'rejected',
        source: source.name,
        version: live(),
        candidate: graph.version,
        reason,
        message: `${graph.version} not applied: ${reason}; still serving ${live()}`,
      }
    }
    if (mode === 'shadow') {
      this.offered = graph.hash
      onCandidate(graph, { kind: 'changed' })
      return {
        result: 'candidate',
        source: source.name,
        version: live(),
        candidate: graph.version,
        reason: 'AIOPS_GRAPH_REFRESH_MODE=shadow',
        message: `${graph.version} offered as the candidate; still serving ${live()}`,
      }
    }
    const current = await swapGraph(store, graph, { origin: source.name, loadedAt: new Date(nowMs).toISOString() })
    this.applied = graph.hash
    const d = current ? diffGraphs(current.graph.data, graph) : { nodes: { added: graph.nodes, removed: [] }, edges: { added: graph.edges, removed: [] } }
    this.o.metrics.graphLastChangeEdges.set({ change: 'added' }, d.edges.added.length)
    this.o.metrics.graphLastChangeEdges.set({ change: 'removed' }, d.edges.removed.length)
    return {
      result: 'applied',
      source: source.name,
      version: graph.version,
      added_edges: d.edges.added.length,
      removed_edges: d.edges.removed.length,
      added_nodes: d.nodes.added.length,
      removed_nodes: d.nodes.removed.length,
      message: `applied ${graph.version} (${graph.nodes.length} services, ${graph.edges.length} edges)`,
    }
  }
}
