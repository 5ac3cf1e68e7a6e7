/**
 * A JSON Schema as served in /swagger/json, turned back into a TypeBox schema
 * so a test can check a real answer against the documented one with
 * Value.Check. Knows the keywords our response schemas use and throws on any
 * other: a keyword the check silently ignored would let docs and answers drift.
 */
import { Type, type TSchema } from '@sinclair/typebox'

type Json = Record<string, any>

// Keywords that describe but do not constrain.
const NOTES = new Set(['description', 'title', 'examples', 'example', 'default'])
const BOUNDS = ['minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems'] as const
const KNOWN = new Set([...NOTES, ...BOUNDS, '$ref', 'anyOf', 'const', 'type', 'items', 'properties', 'required', 'additionalProperties', 'patternProperties'])

/**
 * @param components the document's components.schemas, for `$ref`s
 * @example Value.Check(fromJsonSchema(doc.paths['/incident'].post.responses['200'].content['application/json'].schema, doc.components.schemas), body)
 */
export function fromJsonSchema(s: Json, components: Json): TSchema {
  const unknown = Object.keys(s).filter((k) => !KNOWN.has(k))
  if (unknown.length > 0) throw new Error(`fromJsonSchema: unsupported keyword(s) ${unknown.join(', ')}`)
  if (s.$ref) {
    const name = String(s.$ref).replace('#/components/schemas/', '')
    if (!components[name]) throw new Error(`fromJsonSchema: no component ${name}`)
    return fromJsonSchema(components[name], components)
  }
  if (s.anyOf) return Type.Union(s.anyOf.map((x: Json) => fromJsonSchema(x, components)))
  if ('const' in s) return Type.Literal(s.const)
  const bounds: Json = {}
  for (const k of BOUNDS) if (k in s) bounds[k] = s[k]
  switch (s.type) {
    case 'string':
      return Type.String(bounds)
    case 'number':
      return Type.Number(bounds)
    case 'integer':
      return Type.Integer(bounds)
    case 'boolean':
      return Type.Boolean()
    case 'null':
      return Type.Null()
    case 'array':
      return Type.Array(fromJsonSchema(s.items, components), bounds)
    case 'object': {
      if (s.patternProperties) {
        const [value] = Object.values(s.patternProperties) as Json[]
        return Type.Record(Type.String(), fromJsonSchema(value!, components))
      }
      const required = new Set<string>(s.required ?? [])
      const props: Record<string, TSchema> = {}
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        const t = fromJsonSchema(v as Json, components)
        props[k] = required.has(k) ? t : Type.Optional(t)
      }
      return Type.Object(props, { additionalProperties: s.additionalProperties ?? true })
    }
    default:
      throw new Error(`fromJsonSchema: unsupported type ${JSON.stringify(s.type)}`)
  }
}
