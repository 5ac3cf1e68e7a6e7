/**
 * The OpenAPI description tells the truth: real requests, good and bad, go to
 * every documented route, and each real answer must be documented for its
 * status and match the documented schema (read back from /swagger/json, not
 * imported). Every documented (route, status) pair must be exercised here, so
 * neither the docs nor the code can change alone.
 */
import { afterAll, describe, expect, it } from 'bun:test'
import { Value } from '@sinclair/typebox/value'
import { json, req } from '../support/helpers.ts'
import { fromJsonSchema } from '../support/json-schema.ts'
import { API, CASES, closeCaseApps, storeApp } from './openapi-cases.ts'

afterAll(closeCaseApps)

// The description as a client sees it, with the admin routes listed (they exist only with a token),
// the incident store's (only with a store) and the pages' sign-in (only with AIOPS_API_TOKEN).
const doc = await json(req(storeApp({ AIOPS_API_TOKEN: API }), '/swagger/json'))

/** The documented answer of one route and status, as served. */
function documented(method: string, path: string, status: number) {
  return doc.paths[path]?.[method.toLowerCase()]?.responses?.[String(status)] as { content?: Record<string, { schema: Record<string, unknown> }> } | undefined
}

describe('GET /swagger/json', () => {
  for (const c of CASES) {
    it(`documents ${c.method} ${c.path} ${c.status} (${c.what}) as answered`, async () => {
      const res = await c.send()
      expect(res.status).toBe(c.status)
      const answer = documented(c.method, c.path, c.status)
      expect(answer).toBeDefined()
      // A redirect or a sign-out documents no body, and sends none.
      if (!answer!.content) return expect(await res.text()).toBe('')
      const [type, media] = Object.entries(answer!.content)[0] ?? []
      expect(res.headers.get('content-type') ?? '').toContain(type!.split(';')[0]!)
      const body = type === 'application/json' ? await res.json() : await res.text()
      const schema = fromJsonSchema(media!.schema, doc.components.schemas)
      const errors = [...Value.Errors(schema, body)].slice(0, 3).map((e) => `${e.path}: ${e.message}`)
      expect(errors).toEqual([])
    })
  }

  it('has a case above for every documented route and status', () => {
    const documentedPairs: string[] = []
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { responses?: object }>>)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const status of Object.keys(op.responses ?? {})) documentedPairs.push(`${method.toUpperCase()} ${path} ${status}`)
      }
    }
    const exercised = new Set(CASES.map((c) => `${c.method} ${c.path} ${c.status}`))
    expect(documentedPairs.filter((p) => !exercised.has(p))).toEqual([])
    expect([...exercised].filter((p) => !documentedPairs.includes(p))).toEqual([])
  })

  it('names the incident report as a model with its fields, so the page shows it', () => {
    const schema = documented('POST', '/incident', 200)!.content!['application/json']!.schema
    expect(schema.$ref).toBe('#/components/schemas/IncidentReport')
    const report = doc.components.schemas.IncidentReport
    expect(report.required).toEqual(['clusters', 'root_cause', 'recommended_actions', 'similar_incidents'])
    expect(Object.keys(report.properties.clusters.items.properties)).toContain('root_cause')
  })
})
