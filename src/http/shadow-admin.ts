/**
 * Admin API of shadowing: PUT /admin/shadow sets the candidate (a graph in
 * either contract format, a kept graph version, and/or pipeline settings),
 * GET /admin/shadow reports how it compares with live (404 when nothing is
 * shadowed), POST /admin/shadow/promote makes it live, DELETE /admin/shadow
 * discards it, and POST /admin/shadow/replay?last=N fills the report from
 * stored incidents at once. Token rules as for every /admin route: bearer
 * AIOPS_ADMIN_TOKEN (401 without, 403 wrong); no token configured, no routes.
 */
import { Elysia } from 'elysia'
import type { Config } from '../config.ts'
import type { Logger } from '../logger.ts'
import { parseCandidate, type VersionLookup } from '../shadow/candidate.ts'
import type { ShadowService } from '../shadow/shadow.ts'
import type { StoredIncident } from '../store/incident-record.ts'
import { adminAuth } from './bearer-auth.ts'
import { InvalidFieldError } from '../domain/errors.ts'
import { readBoundedText } from './limits.ts'
import { adminDetail, errorResponses, jsonResponse } from './openapi.ts'

/** The part of the incident store replay reads: the latest kept incidents, newest first. */
export interface StoredIncidents {
  list(query: { limit: number }): Promise<readonly StoredIncident[]>
}

export interface ShadowAdminDeps {
  config: Config
  shadow: ShadowService
  /** Kept graph versions by id (graph_version candidates). */
  versions: VersionLookup
  /** Absent when no incident store is configured: replay answers 409. */
  incidents?: StoredIncidents
  logger: Logger
  now?: () => Date
}

/** Replay reads at most this many stored incidents per call: a bounded admin request, not a batch job. */
export const MAX_REPLAY = 1000
const DEFAULT_REPLAY = 100

const NONE = { error: 'no_candidate', message: 'nothing is shadowed: PUT /admin/shadow with a "graph", "graph_version" and/or "config" first' }

/** The `last` query parameter: an integer 1–MAX_REPLAY, DEFAULT_REPLAY when absent. */
export function replayCount(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_REPLAY
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1 || n > MAX_REPLAY)
    throw new InvalidFieldError('last', `last: must be an integer from 1 to ${MAX_REPLAY}, got ${JSON.stringify(raw)}`)
  return n
}

export function shadowAdminRoutes(deps: ShadowAdminDeps) {
  const { config, shadow, logger } = deps
  const now = deps.now ?? (() => new Date())
  const plugin = new Elysia({ name: 'http/shadow-admin' })
  if (!config.AIOPS_ADMIN_TOKEN) return plugin
  const NO_CANDIDATE = 'Nothing is shadowed'
  const report200 = { 200: jsonResponse('The candidate and how it compares with live', 'ShadowReport') }

  return plugin
    .onBeforeHandle(adminAuth(config.AIOPS_ADMIN_TOKEN))
    .put(
      '/admin/shadow',
      async ({ request, set }) => {
        // Read after the token check, as JSON whatever the content type.
        const text = await readBoundedText(request, config.AIOPS_MAX_BODY_BYTES)
        let body: unknown
        try {
          body = JSON.parse(text)
        } catch {
          set.status = 400
          return { error: 'bad_request', message: 'request body is not valid JSON' }
        }
        // InvalidFieldError / InvalidDocumentError → 422 naming the problem (http/errors.ts).
        shadow.start(parseCandidate(body, deps.versions, now().toISOString()))
        return { result: 'shadowing', ...shadow.report() }
      },
      {
        parse: 'none',
        detail: adminDetail('Shadow a candidate graph and/or settings on live traffic (replaces any earlier one)', {
          ...report200,
          ...errorResponses([400, 422], { 422: 'A bad setting, graph or graph_version: the body names it' }),
        }),
      },
    )
    .get(
      '/admin/shadow',
      ({ set }) => {
        const report = shadow.report()
        if (report) return report
        set.status = 404
        return NONE
      },
      { detail: adminDetail('How the shadowed candidate compares with live', { ...report200, ...errorResponses([404], { 404: NO_CANDIDATE }) }) },
    )
    .delete(
      '/admin/shadow',
      ({ set }) => {
        if (shadow.discard()) return { result: 'discarded' }
        set.status = 404
        return NONE
      },
      {
        parse: 'none',
        detail: adminDetail('Stop shadowing and drop the candidate', {
          200: jsonResponse('Discarded', 'ShadowChange'),
          ...errorResponses([404], { 404: NO_CANDIDATE }),
        }),
      },
    )
    .post(
      '/admin/shadow/promote',
      ({ set }) => {
        const promoted = shadow.promote()
        if (promoted) return { result: 'promoted', ...promoted }
        set.status = 404
        return NONE
      },
      {
        parse: 'none',
        detail: adminDetail('Make the candidate live: its graph becomes a new version, its settings the live settings', {
          200: jsonResponse('The live graph version and settings now', 'ShadowChange'),
          ...errorResponses([404], { 404: NO_CANDIDATE }),
        }),
      },
    )
    .post(
      '/admin/shadow/replay',
      async ({ query, set }) => {
        const last = replayCount(query.last)
        if (!shadow.candidate) {
          set.status = 404
          return NONE
        }
        if (!deps.incidents) {
          set.status = 409
          return { error: 'no_store', message: 'replay needs stored incidents, and no incident store is configured (AIOPS_STORE=off)' }
        }
        const replayed = await shadow.replay(await deps.incidents.list({ limit: last }))
        logger.info('shadow: replayed stored incidents', { asked: last, replayed })
        return { result: 'replayed', replayed: replayed ?? 0, ...shadow.report() }
      },
      {
        parse: 'none',
        detail: adminDetail('Compare the candidate on the last N stored incidents now (scored against operator feedback)', {
          ...report200,
          ...errorResponses([404, 409, 422], { 404: NO_CANDIDATE, 409: 'No incident store is configured', 422: 'last is not an integer from 1 to 1000' }),
        }),
      },
    )
}
