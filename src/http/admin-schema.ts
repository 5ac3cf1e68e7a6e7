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
    source: Type.String({ description: 'Where the graph came from: a path, embedded, upload' }),
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
  },
  { description: 'Live and previous graph versions, and the reload status' },
)

export const GraphReloadBody = Type.Object(
  {
    ...versions,
    result: Type.Union([Type.Literal('reloaded'), Type.Literal('unchanged'), Type.Literal('no_files'), Type.Literal('failed')]),
    version: Nullable(Type.String({ description: 'The version serving after the attempt' })),
    message: Type.String(),
    changed: Type.Optional(Type.Array(Type.String())),
    error: Type.Optional(Type.String({ description: 'Why the reload failed (422)' })),
  },
  { description: 'What a reload did' },
)

export const GraphChangeBody = Type.Object(
  { ...versions, result: Type.Union([Type.Literal('rolled_back'), Type.Literal('uploaded'), Type.Literal('unchanged')]) },
  { description: 'The graph versions after a rollback or an upload' },
)
