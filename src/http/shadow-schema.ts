/**
 * What the shadow admin routes answer (shadow-admin.ts), as TypeBox schemas
 * for the OpenAPI description; test/http/openapi.test.ts checks real answers
 * against them. Objects stay open: a field added to an answer is an extension.
 */
import { Type } from '@sinclair/typebox'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])
const Rate = Nullable(Type.Number({ minimum: 0, maximum: 1, description: 'null until something was compared' }))
const Side = Type.Object({ root: Type.String(), confidence: Type.Number(), clusters: Type.Integer() })
const Settings = { gap_sec: Type.Number(), max_hop: Type.Integer(), rca_method: Type.String() }

export const ShadowReportBody = Type.Object(
  {
    result: Type.Optional(Type.Union([Type.Literal('shadowing'), Type.Literal('replayed')])),
    replayed: Type.Optional(Type.Integer({ description: 'Stored incidents compared by this replay' })),
    candidate: Type.Object({
      graph: Nullable(
        Type.Object({
          version: Type.String(),
          hash: Type.String(),
          from: Type.String({ description: 'upload, version or discovery' }),
          node_count: Type.Integer(),
          edge_count: Type.Integer(),
        }),
      ),
      config: Type.Object({ ...Settings, changed: Type.Array(Type.String(), { description: 'The settings that differ from live' }) }),
      reason: Type.String({ description: 'admin, or why discovery made it the candidate' }),
      since: Type.String(),
    }),
    compared: Type.Integer(),
    skipped: Type.Object({ total: Type.Integer(), queue_full: Type.Integer(), failed: Type.Integer(), no_graph: Type.Integer() }),
    not_sampled: Type.Integer(),
    agreement: Type.Object(
      { root_cause: Rate, top3: Rate, clusters: Rate },
      { description: 'Shares of comparisons; clusters is the mean Rand index over alert ids' },
    ),
    mean_confidence: Type.Object({ live: Rate, candidate: Rate }),
    truth: Nullable(
      Type.Object(
        { scored: Type.Integer(), live: Type.Object({ top1: Rate, top3: Rate }), candidate: Type.Object({ top1: Rate, top3: Rate }) },
        { description: 'Against operator-confirmed roots (replayed incidents with feedback)' },
      ),
    ),
    disagreements: Type.Array(
      Type.Object({
        at: Type.String(),
        what: Type.Array(Type.Union([Type.Literal('root_cause'), Type.Literal('top3'), Type.Literal('clusters')])),
        live: Side,
        candidate: Side,
        cluster_agreement: Type.Number(),
        source: Type.String({ description: '"live", or the stored incident\'s id' }),
        truth: Type.Optional(Type.String()),
      }),
      { description: 'The latest, newest first' },
    ),
    queue: Type.Object({ size: Type.Integer(), capacity: Type.Integer(), sample: Type.Number() }),
  },
  { description: 'How the shadowed candidate compares with live' },
)

export const ShadowChangeBody = Type.Object(
  {
    result: Type.Union([Type.Literal('discarded'), Type.Literal('promoted')]),
    graph_version: Type.Optional(Nullable(Type.String({ description: 'The live graph version after a promotion' }))),
    pipeline_config: Type.Optional(Type.Object(Settings)),
  },
  { description: 'What a discard or a promotion did' },
)
