/**
 * What the graph admin routes answer (graph-admin.ts), as TypeBox schemas for
 * the OpenAPI description; test/http/openapi.test.ts checks real answers
 * against them. Objects stay open: a field added to an answer is an extension.
 */
import { Type } from '@sinclair/typebox'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])

export const SnapshotDescription = Type.Object(
  {
    version: Type.String(),
    source: Type.String({ description: 'Where the graph came from: a path, embedded, upload, prometheus:<preset>, jaeger' }),
    document_source: Type.String({ description: 'The document\'s own "source" field' }),
    loaded_at: Type.String(),
    node_count: Type.Integer(),
    edge_count: Type.Integer(),
    hash: Type.String(),
    history: Type.Object({ source: Type.String(), hash: Type.String(), incident_count: Type.Integer() }),
  },
  { description: 'One graph version' },
)

const versions = {
  current: Nullable(SnapshotDescription),
  previous: Nullable(SnapshotDescription),
}

export const GraphStatusBody = Type.Object(
  {
    ...versions,
    generation: Type.Integer(),
    reload: Type.Object({
      graph_path: Nullable(Type.String()),
      history_path: Nullable(Type.String()),
      interval_sec: Type.Number(),
      last_attempt_at: Nullable(Type.String()),
      last_success_at: Nullable(Type.String()),
      last_result: Nullable(Type.String()),
      last_error: Nullable(Type.String()),
    }),
    discovery: Nullable(
      Type.Object(
        {
          source: Type.String({ description: 'prometheus:<preset> or jaeger' }),
          mode: Type.Union([Type.Literal('apply'), Type.Literal('shadow')]),
          interval_sec: Type.Number(),
          edges_remembered: Type.Integer({ description: 'Edges seen within AIOPS_GRAPH_EDGE_RETENTION_SEC' }),
          last_attempt_at: Nullable(Type.String()),
          last_success_at: Nullable(Type.String()),
          last_result: Nullable(Type.String()),
          last_error: Nullable(Type.String()),
        },
        { description: 'Graph discovery; null when the graph comes from a file' },
      ),
    ),
  },
  { description: 'Live and previous graph versions, the reload status and the discovery status' },
)

export const GraphReloadBody = Type.Object(
  {
    ...versions,
    result: Type.Union(
      ['reloaded', 'applied', 'unchanged', 'no_files', 'failed', 'rejected', 'candidate'].map((r) => Type.Literal(r)),
      {
        description:
          'Files: reloaded, unchanged, no_files, failed. Discovery: applied, unchanged, failed (502), rejected by the shrink guard (409), candidate (shadow mode)',
      },
    ),
    version: Nullable(Type.String({ description: 'The version serving after the attempt' })),
    message: Type.String(),
    changed: Type.Optional(Type.Array(Type.String())),
    error: Type.Optional(Type.String({ description: 'Why the reload or the discovery failed' })),
    source: Type.Optional(Type.String({ description: 'Discovery: prometheus:<preset> or jaeger' })),
    reason: Type.Optional(Type.String({ description: 'Discovery: why it failed (down, timeout, http_error, bad_answer, empty, overlay) or was not applied' })),
    candidate: Type.Optional(Type.String({ description: 'Discovery: the version id of the graph kept as the candidate' })),
    added_edges: Type.Optional(Type.Integer()),
    removed_edges: Type.Optional(Type.Integer()),
    added_nodes: Type.Optional(Type.Integer()),
    removed_nodes: Type.Optional(Type.Integer()),
    history: Type.Optional(
      Type.Object({ result: Type.String(), message: Type.String() }, { description: 'Discovery: the history file reload that ran with it' }),
    ),
  },
  { description: 'What a reload or a discovery round did' },
)

export const GraphChangeBody = Type.Object(
  { ...versions, result: Type.Union([Type.Literal('rolled_back'), Type.Literal('already_live'), Type.Literal('uploaded'), Type.Literal('unchanged')]) },
  { description: 'The graph versions after a rollback or an upload' },
)

const Edge = Type.Object({ from: Type.String(), to: Type.String() })

export const GraphVersionsBody = Type.Object(
  {
    live: Nullable(Type.String()),
    keep: Type.Integer({ description: 'AIOPS_GRAPH_KEEP_VERSIONS' }),
    versions: Type.Array(
      Type.Object({
        id: Type.String(),
        source: Type.String({ description: 'file, embedded, upload, prometheus:<preset>, jaeger' }),
        origin: Type.String({ description: 'The file path for a file graph' }),
        loaded_at: Type.String(),
        node_count: Type.Integer(),
        edge_count: Type.Integer(),
        live: Type.Boolean(),
      }),
      { description: 'Newest first' },
    ),
    candidate: Nullable(
      Type.Object(
        {
          id: Type.String(),
          source: Type.String(),
          offered_at: Type.String(),
          reason: Type.Object(
            { kind: Type.Union([Type.Literal('shrink'), Type.Literal('changed')]) },
            { description: 'shrink (with removed_share, max_shrink) or changed (shadow mode)' },
          ),
          node_count: Type.Integer(),
          edge_count: Type.Integer(),
        },
        { description: 'A discovered graph that did not go live' },
      ),
    ),
  },
  { description: 'The kept graph versions and the pending candidate' },
)

export const GraphDiffBody = Type.Object(
  {
    from: Type.String(),
    to: Type.String(),
    nodes: Type.Object({ added: Type.Array(Type.String()), removed: Type.Array(Type.String()) }),
    edges: Type.Object({ added: Type.Array(Edge), removed: Type.Array(Edge) }),
    tiers_changed: Type.Array(Type.Object({ name: Type.String(), from: Type.String(), to: Type.String() })),
  },
  { description: 'What changed from one graph version to another' },
)
