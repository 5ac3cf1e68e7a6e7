/**
 * parseHistory: an untrusted incident-history document → Incident[], or an
 * InvalidDocumentError naming the first bad entry.
 */
import { Type } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { InvalidDocumentError } from '../domain/errors.ts'
import type { Incident } from '../domain/model.ts'

const Str = Type.String({ maxLength: 4096 })
export const IncidentSchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 256 }),
  ts: Type.Optional(Str),
  title: Type.Optional(Str),
  root_cause: Type.String({ minLength: 1, maxLength: 256 }),
  services: Type.Array(Str),
  metrics: Type.Optional(Type.Array(Str)),
  actions: Type.Optional(Type.Array(Str)),
  resolution: Type.Optional(Str),
})
export const HistoryDocument = Type.Array(IncidentSchema)

export function parseHistory(doc: unknown): Incident[] {
  if (!Value.Check(HistoryDocument, doc)) {
    const e = Value.Errors(HistoryDocument, doc).First()
    throw new InvalidDocumentError(`history: ${e ? `${e.path || '/'}: ${e.message}` : 'invalid document'}`)
  }
  const ids = new Set<string>()
  return doc.map((d, i) => {
    if (ids.has(d.id)) throw new InvalidDocumentError(`history: /${i}/id: duplicate incident id "${d.id}"`)
    ids.add(d.id)
    return {
      id: d.id,
      ts: d.ts ?? '',
      title: d.title ?? '',
      root_cause: d.root_cause,
      services: d.services,
      metrics: d.metrics ?? [],
      actions: d.actions ?? [],
      resolution: d.resolution ?? '',
    }
  })
}
