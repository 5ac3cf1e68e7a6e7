import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { serverBodyCeiling } from '../../src/http/limits.ts'
import { alert, json, makeApp, post, req } from '../support/helpers.ts'

const LIMIT = 4096
const padded = (bytes: number) => JSON.stringify({ alerts: [alert('web', 'cpu_util', 0)], pad: 'x'.repeat(bytes) })
// A body sent as a stream has no Content-Length: the chunked case.
const chunked = (text: string, pieces = 8) => {
  const bytes = new TextEncoder().encode(text)
  const step = Math.ceil(bytes.length / pieces)
  return new ReadableStream<Uint8Array>({
    start(c) {
      for (let i = 0; i < bytes.length; i += step) c.enqueue(bytes.slice(i, i + step))
      c.close()
    },
  })
}

describe('body size limit (AIOPS_MAX_BODY_BYTES)', () => {
  const app = makeApp({ env: { AIOPS_MAX_BODY_BYTES: String(LIMIT) } })

  it('answers a chunked body over the limit with a JSON 413', async () => {
    const res = await req(app, '/incident', { method: 'POST', body: chunked(padded(LIMIT * 3)) })
    expect(res.status).toBe(413)
    expect(await json(res)).toMatchObject({ error: 'payload_too_large', message: expect.stringContaining('AIOPS_MAX_BODY_BYTES=4096') })
  })

  it('answers a chunked graph upload (PUT /admin/graph) over the limit with a JSON 413', async () => {
    const admin = makeApp({ env: { AIOPS_MAX_BODY_BYTES: String(LIMIT), AIOPS_ADMIN_TOKEN: 'admin-secret' } })
    const res = await req(admin, '/admin/graph', { method: 'PUT', headers: { authorization: 'Bearer admin-secret' }, body: chunked(padded(LIMIT * 3)) })
    expect(res.status).toBe(413)
    expect(await json(res)).toMatchObject({ error: 'payload_too_large' })
  })

  it('answers a declared Content-Length over the limit with a JSON 413 before reading', async () => {
    const res = await req(app, '/alertmanager', { method: 'POST', headers: { 'content-length': String(LIMIT + 1) }, body: 'x' })
    expect(res.status).toBe(413)
    expect(res.headers.get('content-type')).toContain('application/json')
  })

  it('accepts a chunked body just under the limit', async () => {
    const body = padded(LIMIT - 400)
    expect(new TextEncoder().encode(body).length).toBeLessThanOrEqual(LIMIT)
    expect((await req(app, '/incident', { method: 'POST', body: chunked(body) })).status).toBe(200)
  })
})

describe('body size limit on a listening server', () => {
  const app = makeApp({ env: { AIOPS_MAX_BODY_BYTES: String(LIMIT) } })
  let base = ''
  beforeAll(() => {
    app.listen({ port: 0, hostname: '127.0.0.1' })
    base = `http://127.0.0.1:${app.server!.port}`
  })
  afterAll(() => app.stop(true))

  it('answers Content-Length over the limit with our JSON 413, not Bun’s empty one', async () => {
    const res = await fetch(`${base}/incident`, { method: 'POST', body: padded(LIMIT * 1.5) })
    expect(res.status).toBe(413)
    expect((await json(res)).error).toBe('payload_too_large')
  })

  it('answers a chunked upload over the limit with our JSON 413', async () => {
    const res = await fetch(`${base}/incident`, { method: 'POST', body: chunked(padded(LIMIT * 1.5)), duplex: 'half' } as RequestInit)
    expect(res.status).toBe(413)
    expect((await json(res)).error).toBe('payload_too_large')
  })

  it('still refuses, with Bun’s own 413, a body past the server ceiling', async () => {
    const res = await fetch(`${base}/incident`, { method: 'POST', body: 'x'.repeat(serverBodyCeiling(LIMIT) + 1) })
    expect(res.status).toBe(413)
  })

  it('keeps answering after refusing', async () => {
    expect((await fetch(`${base}/incident`, { method: 'POST', body: padded(10) })).status).toBe(200)
  })
})

describe('alert field bounds', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    // each row: what is too big, the override for alert 0, the field the 422 names
    ['an id over 256 chars', { id: 'i'.repeat(257) }, 'alerts.0.id'],
    ['a service over 256 chars', { service: 's'.repeat(257) }, 'alerts.0.service'],
    ['a metric over 256 chars', { metric: 'm'.repeat(257) }, 'alerts.0.metric'],
    ['a ts string over 64 chars', { ts: '2'.repeat(65) }, 'alerts.0.ts'],
    ['65 labels', { labels: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v'])) }, 'alerts.0.labels'],
    ['a label value over 1024 chars', { labels: { pod: 'v'.repeat(1025) } }, 'alerts.0.labels'],
    ['a label name over 256 chars', { labels: { ['k'.repeat(257)]: 'v' } }, 'alerts.0.labels'],
    ['an empty service', { service: '' }, 'alerts.0.service'],
  ]
  for (const [name, override, field] of cases) {
    it(`returns 422 naming ${field} for ${name}`, async () => {
      const res = await post(makeApp(), '/incident', { alerts: [{ ...alert('web', 'cpu_util', 0), ...override }] })
      expect(res.status).toBe(422)
      expect((await json(res)).field).toStartWith(field)
    })
  }

  it('says what is wrong with a label name past 256 chars (checked after the schema)', async () => {
    const res = await post(makeApp(), '/incident', {
      alerts: [alert('web', 'cpu_util', 0), { ...alert('db', 'cpu_util', 5), labels: { ['k'.repeat(257)]: 'v' } }],
    })
    expect(res.status).toBe(422)
    expect(await json(res)).toMatchObject({ field: 'alerts.1.labels' })
    expect(
      JSON.stringify(await (await post(makeApp(), '/incident', { alerts: [{ ...alert('db', 'cpu_util', 5), labels: { ['k'.repeat(257)]: 'v' } }] })).json()),
    ).toContain('at most 256 characters')
  })

  it('accepts 64 labels of 1024-char values, one of them named with 256 chars', async () => {
    const labels = Object.fromEntries(Array.from({ length: 64 }, (_, i) => [i === 0 ? 'k'.repeat(256) : `k${i}`, 'v'.repeat(1024)]))
    expect((await post(makeApp(), '/incident', { alerts: [{ ...alert('web', 'cpu_util', 0), labels }] })).status).toBe(200)
  })
})
