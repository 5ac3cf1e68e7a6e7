/**
 * Admin API for the service graph's lifecycle: GET /admin/graph (live and
 * previous version), POST /admin/graph/reload (re-read the files now),
 * POST /admin/graph/rollback (back to the previous version) and PUT
 * /admin/graph (upload a document in either contract format; validated
 * before it goes live). Every route needs `Authorization: Bearer
 * $AIOPS_ADMIN_TOKEN` (bearer-auth.ts: 401 without, 403 wrong); with no
 * token configured the routes do not exist (404): never open.
 */
import { Elysia } from 'elysia'
import type { Config } from '../config.ts'
import { graphFromText, loadHistory } from '../graph/load.ts'
import type { GraphReloader } from '../graph/reloader.ts'
import { createSnapshot, type GraphStore, type Snapshot } from '../graph/store.ts'
import type { Logger } from '../logger.ts'
import { bearerAuth } from './bearer-auth.ts'
import { readBoundedText } from './limits.ts'
import { errorResponses, jsonResponse } from './openapi.ts'

export interface GraphAdminDeps {
  config: Config
  store: GraphStore
  reloader: GraphReloader
  logger: Logger
  now?: () => Date
}

export const UPLOAD_ORIGIN = 'upload'

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
  const { config, store, reloader, logger } = deps
  const now = deps.now ?? (() => new Date())
  const plugin = new Elysia({ name: 'http/graph-admin' })
  if (!config.AIOPS_ADMIN_TOKEN) return plugin
  const versions = () => ({ current: describeSnapshot(store.current), previous: describeSnapshot(store.previous) })
  // Every admin route may answer 401/403 (token) and 500, besides its own answers.
  const detail = (summary: string, responses: Record<string, ReturnType<typeof jsonResponse>>) => ({
    summary,
    tags: ['admin'],
    security: [{ bearer: [] }],
    responses: { ...responses, ...errorResponses([401, 403, 500], { 401: 'No bearer token', 403: 'Wrong admin token' }) },
  })

  return plugin
    .onBeforeHandle(bearerAuth({ token: config.AIOPS_ADMIN_TOKEN, realm: 'aiops-admin', tokenName: 'AIOPS_ADMIN_TOKEN' }))
    .get('/admin/graph', () => ({ ...versions(), generation: store.generation, reload: reloader.status() }), {
      detail: detail('Live and previous graph versions, and the reload status', { 200: jsonResponse('The versions and the reload status', 'GraphStatus') }),
    })
    .post(
      '/admin/graph/reload',
      async ({ set }) => {
        const r = await reloader.reload('admin')
        if (r.result === 'failed') set.status = 422
        return { ...r, ...versions() }
      },
      {
        parse: 'none',
        detail: detail('Re-read AIOPS_GRAPH_PATH / AIOPS_HISTORY_PATH now; swap only if they changed and are valid', {
          200: jsonResponse('Reloaded, unchanged, or no files to re-read', 'GraphReload'),
          422: jsonResponse('The files are invalid: the live version keeps serving', 'GraphReload'),
        }),
      },
    )
    .post(
      '/admin/graph/rollback',
      ({ set }) => {
        const from = store.current?.graph.data.version
        if (!store.rollback()) {
          set.status = 409
          return { error: 'no_previous_version', message: 'there is no previous graph version to roll back to' }
        }
        logger.info('graph rolled back', { from, to: store.current?.graph.data.version })
        return { result: 'rolled_back', ...versions() }
      },
      {
        parse: 'none',
        detail: detail('Make the previous graph version live again (a second rollback undoes it)', {
          200: jsonResponse('Rolled back', 'GraphChange'),
          409: jsonResponse('There is no previous version', 'Error'),
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
        const fallback = base ? undefined : await loadHistory(undefined)
        const live = store.current // after the await: build on whatever is live now
        store.swap(
          createSnapshot({
            graph,
            graphOrigin: UPLOAD_ORIGIN,
            history: live?.history ?? fallback!.history,
            historyOrigin: live?.historyOrigin ?? fallback!.origin,
            historyHash: live?.historyHash ?? fallback!.hash,
            loadedAt: now().toISOString(),
          }),
        )
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
