/**
 * The two service-graph document formats the contract accepts: our own
 * `services.json` and networkx node-link JSON. Schemas are loose where the
 * contract is silent (extra fields are kept out, not rejected).
 */
import { Type, type Static } from '@sinclair/typebox'

const Name = Type.String({ minLength: 1, maxLength: 256 })
export const TierSchema = Type.Union(['edge', 'service', 'db', 'cache', 'queue'].map((t) => Type.Literal(t)))

export const ServicesDocument = Type.Object({
  version: Type.Optional(Type.String({ maxLength: 256 })),
  source: Type.Optional(Type.String({ maxLength: 1024 })),
  services: Type.Array(Type.Object({ name: Name, tier: Type.Optional(TierSchema) })),
  edges: Type.Array(Type.Object({ from: Name, to: Name })),
})
export type ServicesDocument = Static<typeof ServicesDocument>

const NodeId = Type.Union([Name, Type.Number()])
export const NodeLinkDocument = Type.Object({
  directed: Type.Optional(Type.Boolean()),
  graph: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  nodes: Type.Array(Type.Object({ id: NodeId, tier: Type.Optional(TierSchema) })),
  links: Type.Array(Type.Object({ source: NodeId, target: NodeId })),
})
export type NodeLinkDocument = Static<typeof NodeLinkDocument>
