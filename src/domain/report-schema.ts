/**
 * The incident report as TypeBox schemas: what POST /incident and POST
 * /alertmanager answer, documented in the OpenAPI description and checked
 * against real answers by test/http/openapi.test.ts. Documentation only: no
 * route validates its answer with them, that would cost every request a walk
 * over the report. Objects stay open (extra fields allowed), so a field added
 * to the report is an extension, not a break; the type assertions at the end
 * stop the schemas and model.ts's interfaces from drifting apart.
 */
import { Type, type Static } from '@sinclair/typebox'
import type { IncidentReport } from './model.ts'

const Score = Type.Number({ minimum: 0, maximum: 1 })

export const CandidateSchema = Type.Object(
  { service: Type.String(), score: Score },
  { description: 'A service that may have caused the cluster, with its share of the ranking' },
)

export const RootCauseEvidenceSchema = Type.Object(
  {
    paths: Type.Array(Type.Array(Type.String()), { description: 'Propagation paths from the root up to alerting callers, root first' }),
    reasons: Type.Array(Type.String(), { description: 'Short human-readable reasons that decided the ranking' }),
  },
  { description: "Why the graph ranked this root first (absent when the LLM overrode the graph's root)" },
)

const rootCauseFields = {
  service: Type.String({ description: 'The root-cause service, or "unknown" when there is no cluster' }),
  confidence: Score,
  candidates: Type.Array(CandidateSchema, { description: 'Best first' }),
  evidence: Type.Optional(RootCauseEvidenceSchema),
}

const Method = Type.String({
  description: 'Which path answered: graph-<method>, graph-only-flag-off, graph-only-no-key, graph-fallback-<reason>, llm, llm-cache',
})
const Rationale = Type.String({ description: "The LLM's explanation, when it answered" })

export const ClusterSchema = Type.Object(
  {
    cluster_id: Type.String({ description: "Stable: a hash of the cluster's alert fingerprints" }),
    alert_ids: Type.Array(Type.String()),
    services: Type.Array(Type.String()),
    alert_count: Type.Integer({ minimum: 1 }),
    start_ts: Type.String({ description: 'RFC 3339, UTC' }),
    end_ts: Type.String({ description: 'RFC 3339, UTC' }),
    // With the LLM layer on, each cluster's root also says which path answered it.
    root_cause: Type.Object({ ...rootCauseFields, method: Type.Optional(Method), rationale: Type.Optional(Rationale) }),
  },
  { description: 'Alerts correlated by time and the service call graph' },
)

export const SimilarIncidentSchema = Type.Object({
  id: Type.String({ description: 'A history id, or the incident_id of a kept incident an operator confirmed' }),
  similarity: Score,
  root_cause: Type.String(),
  title: Type.String(),
  actions: Type.Optional(Type.Array(Type.String(), { description: 'What the operator did, for an operator-confirmed incident' })),
})

export const IncidentReportSchema = Type.Object(
  {
    incident_id: Type.Optional(Type.String({ description: 'The kept incident this batch belongs to (absent with AIOPS_STORE=off or nothing analysed)' })),
    incident_url: Type.Optional(Type.String({ description: 'Its page, when AIOPS_PUBLIC_URL is set' })),
    clusters: Type.Array(ClusterSchema, { description: 'Largest first' }),
    root_cause: Type.Object(
      { ...rootCauseFields, method: Method, rationale: Type.Optional(Rationale) },
      { description: "The primary cluster's root cause (the largest cluster by alert_count)" },
    ),
    recommended_actions: Type.Array(Type.String(), { description: 'For the primary cluster' }),
    similar_incidents: Type.Array(SimilarIncidentSchema, { description: 'Past incidents like the primary cluster, most similar first' }),
  },
  { description: 'The incident report' },
)
export type IncidentReportSchema = Static<typeof IncidentReportSchema>

// Compile-time drift check, both ways: every report the code builds fits the schema, and the
// schema promises nothing the code's type lacks.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const schemaMatchesModel: Exact<IncidentReport, IncidentReportSchema> = true
void schemaMatchesModel
