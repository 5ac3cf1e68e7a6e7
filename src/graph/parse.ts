/**
 * parseGraphDocument: an untrusted document (either contract format) → a
 * validated GraphData, or an InvalidDocumentError naming the first problem.
 * Validation is complete before anything is swapped in, so a bad version
 * never serves. graphology does the structural checks (duplicate nodes,
 * edges to unknown nodes) with its own well-tested errors.
 */
import { Value } from '@sinclair/typebox/value'
import { DirectedGraph } from 'graphology'
import { InvalidDocumentError } from '../domain/errors.ts'
import type { Tier } from '../domain/model.ts'
import type { GraphData } from '../domain/service-graph.ts'
import { NodeLinkDocument, ServicesDocument } from './schema.ts'

interface Meta {
  /** Content hash of the document (computed by the loader from the raw bytes). */
  hash: string
  /** Used when the document does not name its own version. */
  fallbackVersion: string
}

function firstError(schema: Parameters<typeof Value.Errors>[0], doc: unknown): string {
  const e = Value.Errors(schema, doc).First()
  return e ? `${e.path || '/'}: ${e.message}` : 'invalid document'
}

function normalize(doc: unknown): { version?: string; source?: string; nodes: Array<{ name: string; tier: Tier }>; edges: Array<[string, string]> } {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new InvalidDocumentError('graph document must be a JSON object')
  if ('services' in doc || 'edges' in doc) {
    if (!Value.Check(ServicesDocument, doc)) throw new InvalidDocumentError(`services graph: ${firstError(ServicesDocument, doc)}`)
    return {
      version: doc.version,
      source: doc.source,
      nodes: doc.services.map((s) => ({ name: s.name, tier: (s.tier ?? 'service') as Tier })),
      edges: doc.edges.map((e) => [e.from, e.to]),
    }
  }
  if ('nodes' in doc || 'links' in doc) {
    if (!Value.Check(NodeLinkDocument, doc)) throw new InvalidDocumentError(`node-link graph: ${firstError(NodeLinkDocument, doc)}`)
    if (doc.directed === false) throw new InvalidDocumentError('node-link graph: "directed" is false; call graphs need edge direction')
    const meta = doc.graph ?? {}
    return {
      version: typeof meta.version === 'string' ? meta.version : undefined,
      source: typeof meta.source === 'string' ? meta.source : undefined,
      nodes: doc.nodes.map((n) => ({ name: String(n.id), tier: (n.tier ?? 'service') as Tier })),
      edges: doc.links.map((l) => [String(l.source), String(l.target)]),
    }
  }
  throw new InvalidDocumentError('graph document has neither "services"/"edges" nor "nodes"/"links"')
}

export function parseGraphDocument(doc: unknown, meta: Meta): GraphData {
  const { version, source, nodes, edges } = normalize(doc)
  if (nodes.length === 0) throw new InvalidDocumentError('graph has no services')
  const g = new DirectedGraph()
  for (const n of nodes) {
    if (g.hasNode(n.name)) throw new InvalidDocumentError(`duplicate service "${n.name}"`)
    g.addNode(n.name, { tier: n.tier })
  }
  for (const [from, to] of edges) {
    if (!g.hasNode(from)) throw new InvalidDocumentError(`edge ${from} → ${to}: unknown service "${from}"`)
    if (!g.hasNode(to)) throw new InvalidDocumentError(`edge ${from} → ${to}: unknown service "${to}"`)
    if (from === to) continue // a self-call says nothing about propagation between services
    g.mergeEdge(from, to)
  }
  return {
    version: version && version.length > 0 ? version : meta.fallbackVersion,
    source: source ?? '',
    hash: meta.hash,
    nodes: g.mapNodes((name, attrs) => ({ name, tier: attrs.tier as Tier })),
    edges: g.mapEdges((_e, _a, from, to) => ({ from, to })),
  }
}
