/**
 * Admin API for the service graph's lifecycle: GET /admin/graph (live and
 * previous version), POST /admin/graph/reload (re-read the files, or
 * discover, now), GET /admin/graph/versions and /admin/graph/diff (kept
 * versions, the pending candidate, what changed), POST /admin/graph/rollback
 * (back to the previous or any kept version) and PUT /admin/graph (upload a
 * document in either contract format; validated before it goes live). Every
 * route needs `Authorization: Bearer $AIOPS_ADMIN_TOKEN` (bearer-auth.ts: 401
 * without, 403 wrong); with no token configured the routes do not exist
 * (404): never open.
 */
import { Elysia, t } from 'elysia'
import type { Config } from '../config.ts'
import { describeCandidate } from '../graph/discovery/candidate.ts'
import type { Discovery } from '../graph/discovery/from-config.ts'
import { diffGraphs } from '../graph/diff.ts'
import { graphFromText } from '../graph/load.ts'
import type { GraphReloader } from '../graph/reloader.ts'
import { type GraphStore, graphSourceKind, type Snapshot, UPLOAD_ORIGIN } from '../graph/store.ts'
import { swapGraph } from '../graph/swap-graph.ts'
import type { Logger } from '../logger.ts'
import { adminAuth } from './bearer-auth.ts'
import { readBoundedText } from './limits.ts'
import { adminDetail, errorResponses, jsonResponse } from './openapi.ts'

export interface GraphAdminDeps {
  config: Config
  store: GraphStore
  reloader: GraphReloader
  /** Present when the graph is discovered (AIOPS_GRAPH_SOURCE prometheus or jaeger). */
  discovery?: Discovery
  logger: Logger
  now?: () => Date
}

/** The public description of one snapshot (GET /admin/graph and every admin answer). */
export function describeSnapshot(snap: Snapshot | undefined) {
  if (!snap) return null
  const g = snap.graph.data
  return {
    version: g.version,
    source: snap.graphOrigin,
    document_source: g.source,
    loaded_at: snap.loadedAt,
    node_count: g.nodes.length,
    edge_count: g.edges.length,
    hash: g.hash,
    history: { source: snap.historyOrigin, hash: snap.historyHash, incident_count: snap.history.length },
  }
}

export function graphAdminRoutes(deps: GraphAdminDeps) {
  const { config, store, reloader, discovery, logger } = deps
  const now = deps.now ?? (() => new Date())
  const plugin = new Elysia({ name: 'http/graph-admin' })
  if (!config.AIOPS_ADMIN_TOKEN) return plugin
  const versions = () => ({ current: describeSnapshot(store.current), previous: describeSnapshot(store.previous) })
  // Every admin route may answer 401/403 (token) and 500, besides its own answers.
  const detail = (summary: string, responses: Record<string, ReturnType<typeof jsonResponse>>) => adminDetail(summary, responses, [500])

  return plugin
    .onBeforeHandle(adminAuth(config.AIOPS_ADMIN_TOKEN))
    .get('/admin/graph', () => ({ ...versions(), generation: store.generation, reload: reloader.status(), discovery: discovery?.refresher.status() ?? null }), {
      detail: detail('Live and previous graph versions, and the reload status', { 200: jsonResponse('The versions and the reload status', 'GraphStatus') }),
    })
    .post(
      '/admin/graph/reload',
      async ({ set }) => {
        if (discovery) {
          // The graph from the source, the history from its file: one answer for both.
          const history = await reloader.reload('admin')
          const r = await discovery.refresher.reload('admin')
          if (r.result === 'failed')
            set.status = 502 // the source failed, not the request
          else if (r.result === 'rejected') set.status = 409
          else if (history.result === 'failed') set.status = 422
          return { ...r, history, ...versions() }
        }
        const r = await reloader.reload('admin')
        if (r.result === 'failed') set.status = 422
        return { ...r, ...versions() }
      },
      {
        parse: 'none',
        detail: detail('Re-read AIOPS_GRAPH_PATH / AIOPS_HISTORY_PATH (or discover the graph) now; swap only if changed and valid', {
          200: jsonResponse('Reloaded, applied, unchanged, no files to re-read, or offered as the candidate (shadow mode)', 'GraphReload'),
          409: jsonResponse('The discovered graph would remove more than AIOPS_GRAPH_MAX_SHRINK of the live edges: kept as the candidate', 'GraphReload'),
          422: jsonResponse('The files are invalid: the live version keeps serving', 'GraphReload'),
          502: jsonResponse('The discovery source failed (down, timeout, bad or empty answer): the live version keeps serving', 'GraphReload'),
        }),
      },
    )
    .get(
      '/admin/graph/versions',
      () => ({
        live: store.current?.graph.data.version ?? null,
        keep: config.AIOPS_GRAPH_KEEP_VERSIONS,
        versions: store.versions.map((v) => ({
          id: v.graph.data.version,
          source: graphSourceKind(v.graphOrigin),
          origin: v.graphOrigin,
          loaded_at: v.loadedAt,
          node_count: v.graph.data.nodes.length,
          edge_count: v.graph.data.edges.length,
          live: v === store.current,
        })),
        candidate: describeCandidate(discovery?.candidates.current()),
      }),
      {
        detail: detail('Kept graph versions (newest first) and the pending discovered candidate', {
          200: jsonResponse('The kept versions and the candidate', 'GraphVersions'),
        }),
      },
    )
    .get(
      '/admin/graph/diff',
      ({ query, set }) => {
        // Any kept version or the pending candidate; by default previous → live.
        const find = (id: string | undefined, fallback: Snapshot | undefined) => {
          if (id === undefined || id === '') return fallback?.graph.data
          const cand = discovery?.candidates.current()
          return store.version(id)?.graph.data ?? (cand?.graph.version === id ? cand.graph : undefined)
        }
        const from = find(query.from, store.previous)
        const to = find(query.to, store.current)
        if (!from || !to) {
          set.status = 404
          const missing = !from ? query.from || 'the previous version' : query.to
          return { error: 'unknown_version', message: `${missing} is not a kept version or the pending candidate (see GET /admin/graph/versions)` }
        }
        return { from: from.version, to: to.version, ...diffGraphs(from, to) }
      },
      {
        query: t.Object({ from: t.Optional(t.String({ maxLength: 256 })), to: t.Optional(t.String({ maxLength: 256 })) }),
        detail: detail('Nodes and edges added and removed from one version to another (default: previous → live)', {
          200: jsonResponse('What changed from `from` to `to`', 'GraphDiff'),
          404: jsonResponse('A version that is neither kept nor the pending candidate (or no previous version)', 'Error'),
          ...errorResponses([422], { 422: 'A version id longer than 256 characters' }),
        }),
      },
    )
    .post(
      '/admin/graph/rollback',
      ({ query, set }) => {
        const from = store.current?.graph.data.version
        if (query.to) {
          const r = store.rollbackTo(query.to)
          if (r === 'missing') {
            set.status = 404
            return { error: 'unknown_version', message: `${query.to} is not a kept version (see GET /admin/graph/versions)` }
          }
          if (r === 'rolled_back') logger.info('graph rolled back', { from, to: query.to })
          return { result: r === 'live' ? 'already_live' : 'rolled_back', ...versions() }
        }
        if (!store.rollback()) {
          set.status = 409
          return { error: 'no_previous_version', message: 'there is no previous graph version to roll back to' }
        }
        logger.info('graph rolled back', { from, to: store.current?.graph.data.version })
        return { result: 'rolled_back', ...versions() }
      },
      {
        parse: 'none',
        query: t.Object({ to: t.Optional(t.String({ maxLength: 256 })) }),
        detail: detail('Make ?to=<version> (any kept one) or else the previous version live again (a second rollback undoes it)', {
          200: jsonResponse('Rolled back, or already live', 'GraphChange'),
          404: jsonResponse('?to= names no kept version', 'Error'),
          409: jsonResponse('There is no previous version', 'Error'),
          ...errorResponses([422], { 422: 'A version id longer than 256 characters' }),
        }),
      },
    )
    .put(
      '/admin/graph',
      async ({ request, set }) => {
        // Parsed here whatever the content type (docs/pitfalls.md#any-content-type-is-json), after the token check; read through the
        // bounded reader, since a chunked upload declares no length for bodyLimit to refuse early.
        const text = await readBoundedText(request, config.AIOPS_MAX_BODY_BYTES)
        try {
          JSON.parse(text)
        } catch {
          set.status = 400
          return { error: 'bad_request', message: 'request body is not valid JSON' }
        }
        const graph = graphFromText(text, UPLOAD_ORIGIN) // InvalidDocumentError → 422 naming the problem
        const base = store.current
        if (base && base.graph.data.hash === graph.hash) return { result: 'unchanged', ...versions() }
        await swapGraph(store, graph, { origin: UPLOAD_ORIGIN, loadedAt: now().toISOString() })
        logger.info('graph uploaded', { version: graph.version, nodes: graph.nodes.length, edges: graph.edges.length, hash: graph.hash })
        return { result: 'uploaded', ...versions() }
      },
      {
        parse: 'none',
        detail: detail('Upload a graph (services.json or networkx node-link JSON); validated, then live', {
          200: jsonResponse('Uploaded, or unchanged (same hash as the live graph)', 'GraphChange'),
          ...errorResponses([400, 413]),
          422: jsonResponse('Not a valid graph document: the message names the problem', 'Error'),
        }),
      },
    )
}
