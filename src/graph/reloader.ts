/**
 * GraphReloader: re-reads AIOPS_GRAPH_PATH / AIOPS_HISTORY_PATH and swaps a new
 * snapshot in when their content changed (sha256 of the bytes), on a timer,
 * on SIGHUP and on POST /admin/graph/reload. Everything is parsed and
 * validated before the swap, and both files go in together or not at all, so
 * a bad version never serves; a failure is a log line and
 * aiops_graph_last_reload_successful 0 (Alertmanager's reload contract).
 * Reloads run one at a time: a SIGHUP during a timer reload waits for it.
 */
import type { Logger } from '../logger.ts'
import type { Metrics } from '../metrics.ts'
import { graphFromText, historyFromText, loadGraph, loadHistory, readText, sha256 } from './load.ts'
import { serial } from './serial.ts'
import { createSnapshot, type GraphStore, type Snapshot } from './store.ts'

export type ReloadTrigger = 'timer' | 'SIGHUP' | 'admin' | 'test'

export type ReloadResult =
  /** A new snapshot is live; `changed` says which files brought it. */
  | { result: 'reloaded'; changed: Array<'graph' | 'history'>; version: string; message: string }
  /** The files hold what is already applied; nothing swapped. */
  | { result: 'unchanged'; version: string | null; message: string }
  /** Both come from the embedded defaults: there is no file to re-read. */
  | { result: 'no_files'; version: string | null; message: string }
  /** Read, parse or validation failed; the old snapshot keeps serving. */
  | { result: 'failed'; version: string | null; message: string; error: string }

export interface ReloaderOptions {
  store: GraphStore
  metrics: Metrics
  logger: Logger
  graphPath?: string
  historyPath?: string
  now?: () => Date
}

export interface ReloadStatus {
  graph_path: string | null
  history_path: string | null
  interval_sec: number
  last_attempt_at: string | null
  last_success_at: string | null
  last_result: ReloadResult['result'] | null
  last_error: string | null
}

export class GraphReloader {
  private readonly opts: ReloaderOptions
  private readonly now: () => Date
  // Hashes of the file contents last applied, not of the live snapshot: after a
  // rollback or an upload the unchanged file must not be re-applied over it.
  private appliedGraph: string | undefined
  private appliedHistory: string | undefined
  private readonly oneAtATime = serial()
  private timer: ReturnType<typeof setInterval> | undefined
  private intervalSec = 0
  private last: { attempt?: Date; success?: Date; result?: ReloadResult } = {}

  constructor(opts: ReloaderOptions) {
    this.opts = opts
    this.now = opts.now ?? (() => new Date())
    const snap = opts.store.current
    if (snap && opts.graphPath && snap.graphOrigin === opts.graphPath) this.appliedGraph = snap.graph.data.hash
    if (snap && opts.historyPath && snap.historyOrigin === opts.historyPath) this.appliedHistory = snap.historyHash
    // The start-up load is the first successful load.
    if (snap) {
      this.last.success = this.now()
      opts.metrics.graphLastReloadSuccessful.set(1)
      opts.metrics.graphLastReloadSuccessTimestamp.set(this.last.success.getTime() / 1000)
    }
  }

  /** Re-read the files and swap when they changed. Never throws; reloads are serialised. */
  reload(trigger: ReloadTrigger = 'admin'): Promise<ReloadResult> {
    return this.oneAtATime(() => this.attempt(trigger))
  }

  /** Reload every `sec` seconds (0 = never). The timer does not keep the process alive. */
  start(sec: number): void {
    this.stop()
    this.intervalSec = sec
    if (sec <= 0) return
    this.timer = setInterval(() => void this.reload('timer'), sec * 1000)
    this.timer.unref?.()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }

  status(): ReloadStatus {
    const r = this.last.result
    return {
      graph_path: this.opts.graphPath ?? null,
      history_path: this.opts.historyPath ?? null,
      interval_sec: this.timer ? this.intervalSec : 0,
      last_attempt_at: this.last.attempt?.toISOString() ?? null,
      last_success_at: this.last.success?.toISOString() ?? null,
      last_result: r?.result ?? null,
      last_error: r?.result === 'failed' ? r.error : null,
    }
  }

  private async attempt(trigger: ReloadTrigger): Promise<ReloadResult> {
    const { store, metrics, logger, graphPath, historyPath } = this.opts
    const live = () => store.current?.graph.data.version ?? null
    if (!graphPath && !historyPath) {
      return { result: 'no_files', version: live(), message: 'graph and history are the embedded defaults; there is no file to re-read' }
    }
    this.last.attempt = this.now()
    let result: ReloadResult
    try {
      result = await this.readAndSwap()
    } catch (e) {
      const error = (e as Error).message
      result = { result: 'failed', version: live(), error, message: `reload failed, still serving ${live()}: ${error}` }
    }
    this.last.result = result
    metrics.graphReloads.inc({ result: result.result })
    if (result.result === 'failed') {
      metrics.graphLastReloadSuccessful.set(0)
      logger.error('graph reload failed; the previous version keeps serving', { trigger, error: result.error, serving_version: result.version })
      return result
    }
    metrics.graphLastReloadSuccessful.set(1)
    if (result.result === 'reloaded') {
      this.last.success = this.last.attempt
      metrics.graphLastReloadSuccessTimestamp.set(this.last.attempt.getTime() / 1000)
      const g = store.current!.graph.data
      logger.info('graph reloaded', { trigger, changed: result.changed, version: g.version, nodes: g.nodes.length, edges: g.edges.length, hash: g.hash })
    } else {
      logger.debug('graph files unchanged', { trigger })
    }
    return result
  }

  /** Read both files, parse what changed, then build and swap in one synchronous step. */
  private async readAndSwap(): Promise<ReloadResult> {
    const { store, graphPath, historyPath } = this.opts
    // Settled, then the graph's error first: with both files gone, the answer names the same one every time.
    const reads = await Promise.allSettled([graphPath ? readText(graphPath) : undefined, historyPath ? readText(historyPath) : undefined])
    const [gText, hText] = reads.map((r) => {
      if (r.status === 'rejected') throw r.reason
      return r.value
    })
    const gHash = gText === undefined ? undefined : sha256(gText)
    const hHash = hText === undefined ? undefined : sha256(hText)
    const graphChanged = gHash !== undefined && gHash !== this.appliedGraph
    const historyChanged = hHash !== undefined && hHash !== this.appliedHistory
    if (!graphChanged && !historyChanged) {
      const v = store.current?.graph.data.version ?? null
      return { result: 'unchanged', version: v, message: `files unchanged; serving ${v}` }
    }
    // Validate everything that changed before touching the store.
    const graph = graphChanged ? graphFromText(gText!, graphPath!) : undefined
    const history = historyChanged ? historyFromText(hText!, historyPath!) : undefined
    // With nothing live yet, the file not configured comes from the embedded default.
    const fallbackGraph = store.current ? undefined : await loadGraph(undefined)
    const fallbackHistory = store.current ? undefined : await loadHistory(undefined)
    // Read `current` only now, after the last await: an upload or rollback that
    // happened meanwhile is the base we build on, and nothing can run between
    // here and the swap.
    const base: Snapshot | undefined = store.current
    const next = createSnapshot({
      graph: graph ?? base?.graph.data ?? fallbackGraph!.graph,
      graphOrigin: graph ? graphPath! : (base?.graphOrigin ?? fallbackGraph!.origin),
      history: history?.history ?? base?.history ?? fallbackHistory!.history,
      historyOrigin: history ? historyPath! : (base?.historyOrigin ?? fallbackHistory!.origin),
      historyHash: history?.hash ?? base?.historyHash ?? fallbackHistory!.hash,
      loadedAt: this.now().toISOString(),
    })
    store.swap(next)
    if (graphChanged) this.appliedGraph = gHash
    if (historyChanged) this.appliedHistory = hHash
    const changed = [...(graphChanged ? ['graph' as const] : []), ...(historyChanged ? ['history' as const] : [])]
    const v = next.graph.data.version
    return { result: 'reloaded', changed, version: v, message: `reloaded ${changed.join(' and ')}; serving ${v}` }
  }
}
