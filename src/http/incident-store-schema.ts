/**
 * What the incident store's routes answer (incidents.ts), as TypeBox schemas
 * for the OpenAPI description; test/http/openapi.test.ts checks real answers
 * against them, and the type assertion at the end keeps the kept-incident
 * schema and store/incident-record.ts from drifting apart. Objects stay open.
 */
import { Type, type Static } from '@sinclair/typebox'
import { Severity } from '../domain/model.ts'
import { IncidentReportSchema } from '../domain/report-schema.ts'
import type { StoredIncident } from '../store/incident-record.ts'

const Outcome = Type.Union([Type.Literal('top1'), Type.Literal('top3'), Type.Literal('miss')], {
  description: "How the stored answer scored against the operator's root: first, within the first three, or not at all",
})

export const FeedbackSchema = Type.Object(
  {
    root_cause: Type.String(),
    actions: Type.Array(Type.String()),
    note: Type.Optional(Type.String()),
    at: Type.String({ description: 'RFC 3339 time it was stored' }),
    outcome: Outcome,
  },
  { description: "An operator's confirmation or correction of the root cause" },
)

// The alerts as received (the request's Alert schema, without its input bounds, which are no part of an answer).
const KeptAlert = Type.Object({
  id: Type.String(),
  ts: Type.Union([Type.String(), Type.Number()]),
  service: Type.String(),
  metric: Type.String(),
  severity: Severity,
  value: Type.Number(),
  threshold: Type.Number(),
  labels: Type.Optional(Type.Record(Type.String(), Type.String())),
})

const Settings = Type.Object(
  { gap_sec: Type.Number(), max_hop: Type.Integer(), rca_method: Type.String() },
  { description: 'The pipeline settings it was answered with' },
)

const summaryFields = {
  id: Type.String({ description: 'inc-…: the incident_id of the answers' }),
  created_at: Type.String(),
  updated_at: Type.String({ description: 'The latest delivery of this incident' }),
  group_key: Type.Optional(Type.String({ description: "Alertmanager's groupKey, for incidents from POST /alertmanager" })),
  root_cause: Type.String(),
  confidence: Type.Number(),
  alert_count: Type.Integer(),
  services: Type.Array(Type.String()),
  graph_version: Type.String(),
  settings: Settings,
  method: Type.String(),
  feedback: Type.Optional(FeedbackSchema),
}

export const StoredIncidentSchema = Type.Object(
  {
    ...summaryFields,
    report: IncidentReportSchema,
    alerts: Type.Array(KeptAlert, { description: 'The alerts of the latest delivery' }),
    graph: Type.Object(
      {
        nodes: Type.Array(Type.Object({ name: Type.String(), tier: Type.Optional(Type.String()) })),
        edges: Type.Array(Type.Object({ from: Type.String(), to: Type.String() })),
      },
      { description: 'The part of the call graph the incident touched ("from" calls "to")' },
    ),
  },
  { description: 'A kept incident: the report as answered, its alerts, the graph around them, settings, feedback' },
)

export const IncidentListBody = Type.Object(
  { incidents: Type.Array(Type.Object(summaryFields), { description: 'Newest first, without report, alerts and graph' }), count: Type.Integer() },
  { description: 'Kept incidents' },
)

export const FeedbackAnswerBody = Type.Object({ incident_id: Type.String(), feedback: FeedbackSchema }, { description: 'The feedback as stored and scored' })

const Figures = {
  n: Type.Integer(),
  top1: Type.Union([Type.Number(), Type.Null()], { description: "Share of answers whose root was the operator's; null when n is 0" }),
  top3: Type.Union([Type.Number(), Type.Null()], { description: "Share with the operator's root among the first three; null when n is 0" }),
}
const Split = Type.Record(Type.String(), Type.Object(Figures))

export const AccuracyBody = Type.Object(
  { windows: Type.Record(Type.String(), Type.Object({ ...Figures, by_method: Split, by_graph_version: Split }), { description: '"7d" and "30d"' }) },
  { description: 'Live root-cause accuracy from operator feedback' },
)

// Compile-time drift check: every record the store keeps fits the schema.
type Fits<A, B> = [A] extends [B] ? true : false
const recordFitsSchema: Fits<StoredIncident, Static<typeof StoredIncidentSchema>> = true
void recordFitsSchema
