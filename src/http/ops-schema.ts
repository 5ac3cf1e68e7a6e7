/**
 * What the operational routes answer (ops.ts), as TypeBox schemas for the
 * OpenAPI description; test/http/openapi.test.ts checks real answers against
 * them. Objects stay open: a field added to an answer is an extension.
 */
import { Type } from '@sinclair/typebox'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])

export const HealthBody = Type.Object({ status: Type.Literal('ok') }, { description: 'Liveness: the process answers' })

export const ReadinessBody = Type.Object(
  {
    status: Type.Union([Type.Literal('ready'), Type.Literal('not ready')]),
    checks: Type.Record(Type.String(), Type.String(), { description: 'graph, history (and shutdown while draining): "ok" or why not' }),
    failed: Type.Array(Type.String(), { description: 'The checks that are not ok' }),
    llm: Type.Object(
      {
        enabled: Type.Boolean(),
        model: Type.String(),
        reason: Type.String({ description: 'configured, flag-off or no-key' }),
        circuit: Nullable(Type.Union([Type.Literal('closed'), Type.Literal('open')])),
        cache: Nullable(Type.Object({ backend: Type.String(), size: Type.Integer(), redis: Type.Optional(Type.String()) })),
      },
      { description: 'Reported, never a check: a replica without the LLM still answers from the graph' },
    ),
    store: Type.Optional(
      Type.Object(
        {
          kind: Type.String({ description: 'sqlite, postgres or off' }),
          reachable: Type.Optional(Type.Union([Type.Boolean(), Type.Literal('slow')])),
          queue_depth: Type.Optional(Type.Integer()),
          write_failures: Type.Optional(Type.Integer()),
          last_write_error: Type.Optional(Nullable(Type.String())),
          learned_incidents: Type.Optional(Type.Integer()),
        },
        { description: 'The incident store: reported, never a check (answers never depend on it)' },
      ),
    ),
    graph: Nullable(
      Type.Object({
        version: Type.String(),
        source: Type.String({ description: 'file, embedded, upload, prometheus:<preset>, jaeger' }),
        node_count: Type.Integer(),
        edge_count: Type.Integer(),
        loaded_at: Type.String(),
        age_sec: Type.Integer(),
        max_age_sec: Nullable(Type.Number()),
        stale: Type.Boolean(),
        warning: Type.Optional(Type.String()),
      }),
    ),
  },
  { description: 'Readiness: 200 when graph and history are loaded, else 503 with the failed checks' },
)

export const VersionBody = Type.Object(
  {
    version: Type.String(),
    commit: Type.String(),
    graph_version: Nullable(Type.String()),
    graph_loaded_at: Nullable(Type.String()),
    graph_age_sec: Nullable(Type.Integer({ description: 'Seconds since the live graph content went live' })),
    graph_source: Nullable(Type.String({ description: 'file, embedded, upload, prometheus:servicegraph|istio|linkerd|custom, jaeger' })),
    graph_origin: Nullable(Type.String({ description: 'Where exactly: the file path for a file graph' })),
    graph_hash: Nullable(Type.String()),
    graph_node_count: Type.Integer(),
    graph_edge_count: Type.Integer(),
    history_source: Nullable(Type.String()),
    history_incident_count: Type.Integer(),
    pipeline_config: Type.Object({
      gap_sec: Type.Number(),
      max_hop: Type.Integer(),
      rca_method: Type.String(),
      llm_model: Type.String(),
      use_llm: Type.Boolean(),
    }),
  },
  { description: 'Build, live graph and pipeline settings' },
)
