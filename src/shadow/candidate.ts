/**
 * The shadow candidate: a graph (uploaded in either contract format, a kept
 * graph version, or one discovery found) and/or pipeline settings that
 * differ from the live ones. parseCandidate turns PUT /admin/shadow's body
 * into one, validating everything first; a settings value keeps the bounds
 * of its environment variable, so a candidate can never run with settings
 * the service would refuse at start-up.
 */
import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { ConfigSchema } from '../config.ts'
import { InvalidFieldError } from '../domain/errors.ts'
import type { GraphData } from '../domain/service-graph.ts'
import { graphFromText } from '../graph/load.ts'
import { type GraphStore, UPLOAD_ORIGIN } from '../graph/store.ts'
import { settingsJson, type PipelineSettings } from '../live-settings.ts'

const { AIOPS_GAP_SEC, AIOPS_MAX_HOP, AIOPS_RCA_METHOD } = ConfigSchema.properties

export const CandidateRequest = Type.Object(
  {
    graph: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'a graph document: services.json or networkx node-link JSON' })),
    graph_version: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'a kept graph version (GET /admin/graph/versions)' })),
    config: Type.Optional(
      Type.Object(
        { gap_sec: Type.Optional(AIOPS_GAP_SEC), max_hop: Type.Optional(AIOPS_MAX_HOP), rca_method: Type.Optional(AIOPS_RCA_METHOD) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)
export type CandidateRequest = Static<typeof CandidateRequest>

/** The settings a candidate may change (the contract's config object). */
export type CandidateSettings = Partial<Pick<PipelineSettings, 'gapSec' | 'maxHop' | 'method'>>

/** Where the candidate's graph came from. */
export type GraphOrigin = 'upload' | 'version' | 'discovery'

export interface Candidate {
  /** Absent: the candidate runs on whatever graph is live. */
  graph?: GraphData
  graphOrigin?: GraphOrigin
  /** The graph_source it will show in /version once promoted (upload, or where the kept version came from). */
  graphSource?: string
  /** Only the settings that differ from live; the rest follow the live settings. */
  settings: CandidateSettings
  /** Why it became the candidate: "admin", or discovery's reason. */
  reason: string
  since: string
}

/** Finds a kept graph version by id (the graph store's versions), with where it came from. */
export type VersionLookup = (id: string) => { graph: GraphData; source: string } | undefined

/** Kept versions as the graph store holds them (AIOPS_GRAPH_KEEP_VERSIONS, GET /admin/graph/versions). */
export function storeVersions(store: GraphStore): VersionLookup {
  return (id) => {
    const kept = store.version(id)
    return kept && { graph: kept.graph.data, source: kept.graphOrigin }
  }
}

/**
 * A validated candidate from PUT /admin/shadow's body.
 * @throws InvalidFieldError naming the field; InvalidDocumentError for a bad graph
 * @example parseCandidate({ config: { gap_sec: 300 } }, lookup, now)
 */
export function parseCandidate(body: unknown, lookup: VersionLookup, since: string): Candidate {
  if (!Value.Check(CandidateRequest, body)) {
    const e = Value.Errors(CandidateRequest, body).First()
    const field = (e?.path ?? '').split('/').filter(Boolean).join('.') || 'body'
    throw new InvalidFieldError(field, `${field}: ${e?.message ?? 'invalid value'}`)
  }
  const { graph, graph_version, config } = body
  if (graph && graph_version) throw new InvalidFieldError('graph_version', 'graph_version: give either "graph" or "graph_version", not both')
  const settings: { -readonly [K in keyof CandidateSettings]: CandidateSettings[K] } = {}
  if (config?.gap_sec !== undefined) settings.gapSec = config.gap_sec
  if (config?.max_hop !== undefined) settings.maxHop = config.max_hop
  if (config?.rca_method !== undefined) settings.method = config.rca_method
  if (!graph && !graph_version && Object.keys(settings).length === 0) {
    throw new InvalidFieldError('body', 'body: name a "graph", a "graph_version" and/or "config" settings to shadow')
  }
  const candidate: Candidate = { settings, reason: 'admin', since }
  if (graph) {
    candidate.graph = graphFromText(JSON.stringify(graph), 'graph')
    candidate.graphOrigin = 'upload'
    candidate.graphSource = UPLOAD_ORIGIN
  } else if (graph_version) {
    const kept = lookup(graph_version)
    if (!kept) throw new InvalidFieldError('graph_version', `graph_version: no kept graph version "${graph_version}"`)
    candidate.graph = kept.graph
    candidate.graphOrigin = 'version'
    candidate.graphSource = kept.source
  }
  return candidate
}

const SETTING_NAMES = { gapSec: 'gap_sec', maxHop: 'max_hop', method: 'rca_method' } as const

/** The candidate as GET /admin/shadow names it: the settings it runs with, and which of them differ from live. */
export function describeCandidate(c: Candidate, live: PipelineSettings) {
  const g = c.graph
  const changed = (Object.keys(c.settings) as Array<keyof CandidateSettings>).map((k) => SETTING_NAMES[k])
  return {
    graph: g ? { version: g.version, hash: g.hash, from: c.graphOrigin, node_count: g.nodes.length, edge_count: g.edges.length } : null,
    config: { ...settingsJson({ ...live, ...c.settings }), changed },
    reason: c.reason,
    since: c.since,
  }
}
