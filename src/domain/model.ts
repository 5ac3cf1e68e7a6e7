/**
 * The domain's data shapes, as TypeBox schemas with same-named static types.
 * They double as Elysia route schemas (docs/pitfalls.md#one-typebox-copy), so the
 * domain never imports elysia. Field names follow the external contract.
 */
import { Type, type Static, type TRecord, type TSchema, type TString } from '@sinclair/typebox'

export const Severity = Type.Union([Type.Literal('critical'), Type.Literal('warning'), Type.Literal('info')])
export type Severity = Static<typeof Severity>

// Bounds keep one hostile alert from costing more than its share of a batch.
const Name = Type.String({ minLength: 1, maxLength: 256 })
// An object of string values, not Type.Record: TypeBox compiles a Record's key pattern into a regex
// test and a destructured entry per label, a measurable share of a small request's CPU (DESIGN.md). TypeBox
// does not compile propertyNames; it is here for the docs, and normalize.ts enforces it.
export const MAX_LABEL_NAME = 256
// Typed as the Record it validates like (TypeBox gives an empty object type to this schema).
export const LabelSet = Type.Object(
  {},
  { additionalProperties: Type.String({ maxLength: 1024 }), maxProperties: 64, propertyNames: { maxLength: MAX_LABEL_NAME } },
) as TSchema as TRecord<TString, TString>

export const Alert = Type.Object({
  id: Name,
  ts: Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Number()]),
  service: Name,
  metric: Name,
  severity: Severity,
  value: Type.Number(),
  threshold: Type.Number(),
  labels: Type.Optional(LabelSet),
})
export type Alert = Static<typeof Alert>

// The example the Swagger page pre-fills: a small cascade on the default graph, ready to send.
const EXAMPLE_BATCH = {
  alerts: [
    {
      id: 'al-1',
      ts: '2026-06-08T03:14:02Z',
      service: 'payment-db',
      metric: 'conn_pool_used',
      severity: 'critical',
      value: 98,
      threshold: 90,
      labels: { env: 'prod', pod: 'payment-db-0' },
    },
    {
      id: 'al-2',
      ts: '2026-06-08T03:14:40Z',
      service: 'payment-db',
      metric: 'conn_pool_used',
      severity: 'critical',
      value: 99,
      threshold: 90,
      labels: { env: 'prod', pod: 'payment-db-0' },
    },
    {
      id: 'al-3',
      ts: 1780888500,
      service: 'payment',
      metric: 'latency_p99_ms',
      severity: 'warning',
      value: 1800,
      threshold: 500,
      labels: { env: 'prod', pod: 'payment-7f9c-1' },
    },
    {
      id: 'al-4',
      ts: '2026-06-08T03:15:31Z',
      service: 'checkout',
      metric: 'error_rate',
      severity: 'critical',
      value: 0.21,
      threshold: 0.05,
      labels: { env: 'prod', pod: 'checkout-5d2a-0' },
    },
  ],
}

export const IncidentRequest = Type.Object({ alerts: Type.Array(Alert) }, { examples: [EXAMPLE_BATCH] })
export type IncidentRequest = Static<typeof IncidentRequest>

/** An alert after parsing: time in epoch ms, labels present, fingerprint computed. */
export interface NormalizedAlert {
  readonly id: string
  readonly tsMs: number
  readonly service: string
  readonly metric: string
  readonly severity: Severity
  readonly value: number
  readonly threshold: number
  readonly labels: Readonly<Record<string, string>>
  readonly fingerprint: string
}

export type Tier = 'edge' | 'service' | 'db' | 'cache' | 'queue'

export interface Candidate {
  service: string
  score: number
}

export interface RootCause {
  service: string
  confidence: number
  candidates: Candidate[]
  evidence?: RootCauseEvidence
}

export interface RootCauseEvidence {
  /** Propagation paths from the root up to alerting callers, root first. */
  paths: string[][]
  /** Short human-readable reasons that decided the ranking. */
  reasons: string[]
}

export interface Cluster {
  cluster_id: string
  alert_ids: string[]
  services: string[]
  alert_count: number
  start_ts: string
  end_ts: string
  root_cause: RootCause
}

export interface Incident {
  id: string
  ts: string
  title: string
  root_cause: string
  services: string[]
  metrics: string[]
  actions: string[]
  resolution: string
  /** A kept incident whose root an operator confirmed or corrected (src/store), not a history file's. */
  confirmed?: boolean
}

export interface SimilarIncident {
  id: string
  similarity: number
  root_cause: string
  title: string
  /** What the operator did, for an operator-confirmed incident: the team's own fix, shown with it. */
  actions?: string[]
}

export interface IncidentReport {
  /** The kept incident this batch belongs to: put in front of the answer by the HTTP layer when a store keeps it. */
  incident_id?: string
  incident_url?: string
  clusters: Cluster[]
  root_cause: RootCause & { method: string; rationale?: string }
  recommended_actions: string[]
  similar_incidents: SimilarIncident[]
}
