/**
 * Fuzzing the two alert routes through app.handle: thousands of generated
 * bodies (random JSON and text, wrong types, huge and non-finite numbers as
 * raw text, deep nesting, odd unicode and lone surrogates, duplicate ids,
 * missing fields). Every bad body must get a JSON 4xx; nothing may get a 500.
 * Seeds are fixed so a failure replays; fast-check prints the counterexample.
 */
import { describe, expect, it } from 'bun:test'
import fc from 'fast-check'
import { alert, makeApp, req } from '../support/helpers.ts'

const app = makeApp()
const SEED = 20260608
const CONTENT_TYPES = [
  undefined,
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/json; charset=utf-8',
  'multipart/form-data',
]

interface Sent {
  status: number
  type: string | null
  body: string
}

async function send(path: string, body: string, contentType?: string): Promise<Sent> {
  const res = await req(app, path, { method: 'POST', headers: contentType ? { 'content-type': contentType } : {}, body })
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() }
}

/** The answer is a JSON 4xx whose body parses and carries an error code. */
function isJson4xx(r: Sent): boolean {
  if (r.status < 400 || r.status > 499 || !r.type?.includes('application/json')) return false
  try {
    return typeof (JSON.parse(r.body) as { error?: unknown }).error === 'string'
  } catch {
    return false
  }
}

const valid = () => ({ ...alert('payment', 'latency_p99_ms', 0) }) as Record<string, unknown>
const REQUIRED = ['id', 'ts', 'service', 'metric', 'severity', 'value', 'threshold'] as const
// A raw JSON literal put where a value goes: JSON.stringify cannot write these.
const RAW = '"\u0000RAW\u0000"'
const withRaw = (shape: unknown, raw: string) => JSON.stringify(shape).replace(JSON.stringify(RAW.slice(1, -1)), raw)

const ct = fc.constantFrom(...CONTENT_TYPES)
const oddString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\ud800', '\udfff', 'a\ud83d', '\u0000', '\u202e', '\ufeff', 'ｓｅｒｖｉｃｅ', '🔥'.repeat(70), 'e\u0301'),
)

// Wrong types per field: each generator can never produce a valid value for its field.
const wrongFor: Record<string, fc.Arbitrary<unknown>> = {
  id: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant(''), fc.array(fc.string()), fc.string({ minLength: 257, maxLength: 300 })),
  ts: fc.oneof(
    fc.boolean(),
    fc.constant(null),
    fc.constant(''),
    fc.constant({}),
    fc.constantFrom(-1, 1e300, 9_999_999_999_999, 'yesterday', '2026-13-45T99:99:99Z'),
  ),
  service: fc.oneof(fc.integer(), fc.constant(null), fc.constant(''), fc.dictionary(fc.string(), fc.string())),
  metric: fc.oneof(fc.double(), fc.constant(null), fc.constant(''), fc.constant([])),
  severity: fc.oneof(
    fc.string().filter((s) => !['critical', 'warning', 'info'].includes(s)),
    fc.integer(),
    fc.constant(null),
  ),
  value: fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.constant({}), fc.constant([1])),
  threshold: fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.constant([])),
  labels: fc.oneof(
    fc.integer(),
    fc.string(),
    fc.constant([]),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.integer(), fc.boolean(), fc.constant(null)), { minKeys: 1 }),
  ),
}

describe('POST /incident and /alertmanager under fuzzing', () => {
  it('answer random JSON documents (never a valid batch) with a JSON 4xx', async () => {
    const notABatch = fc.jsonValue().filter((v) => !(v && typeof v === 'object' && !Array.isArray(v) && Array.isArray((v as { alerts?: unknown }).alerts)))
    await fc.assert(
      fc.asyncProperty(notABatch, ct, fc.constantFrom('/incident', '/alertmanager'), async (v, type, path) =>
        isJson4xx(await send(path, JSON.stringify(v) ?? 'null', type)),
      ),
      { numRuns: 600, seed: SEED },
    )
  })

  it('answer random text and broken JSON with a JSON 4xx', async () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.json().map((j) => j.slice(0, Math.max(0, j.length - 1)) + (j.length > 1 ? '' : '{')),
      fc.constantFrom('', ' ', '{', '{"alerts": [', '{"alerts": [1,]}', "{'alerts': []}", 'NaN', '{"alerts": NaN}', '\ufeff', 'null'),
    )
    await fc.assert(
      fc.asyncProperty(text, ct, fc.constantFrom('/incident', '/alertmanager'), async (t, type, path) => isJson4xx(await send(path, t, type))),
      { numRuns: 600, seed: SEED },
    )
  })

  it('answer a batch with one field of one alert of the wrong type with a JSON 422 naming it', async () => {
    const field = fc.constantFrom(...(Object.keys(wrongFor) as Array<keyof typeof wrongFor>))
    const broken = field.chain((f) => fc.tuple(fc.constant(f), wrongFor[f]!, fc.nat(4)))
    await fc.assert(
      fc.asyncProperty(broken, ct, async ([f, bad, at], type) => {
        const alerts = Array.from({ length: 5 }, valid)
        alerts[at]![f] = bad
        const r = await send('/incident', JSON.stringify({ alerts }), type)
        return isJson4xx(r) && r.status === 422 && (JSON.parse(r.body) as { field: string }).field.startsWith(`alerts.${at}.${f}`)
      }),
      { numRuns: 800, seed: SEED },
    )
  })

  it('answer huge and non-finite numbers written as raw JSON text with a JSON 4xx', async () => {
    const raw = fc.constantFrom('1e309', '-1e309', '1e999999', 'NaN', 'Infinity', '-Infinity', '0x10', '1_000', '.5', '01', '1e', '+1')
    const at = fc.constantFrom('ts', 'value', 'threshold', 'severity')
    await fc.assert(
      fc.asyncProperty(raw, at, ct, async (lit, field, type) => {
        const a = valid()
        a[field] = RAW.slice(1, -1)
        return isJson4xx(await send('/incident', withRaw({ alerts: [a] }, lit), type))
      }),
      { numRuns: 150, seed: SEED },
    )
  })

  it('answer deep nesting with a JSON 4xx and no stack overflow 500', async () => {
    const depth = fc.constantFrom(10, 100, 1000, 10_000, 100_000)
    const where = fc.constantFrom('top', 'labels', 'alerts', 'value')
    await fc.assert(
      fc.asyncProperty(depth, where, async (d, w) => {
        const deep = '['.repeat(d) + ']'.repeat(d)
        const a = valid()
        a[w === 'labels' ? 'labels' : 'value'] = RAW.slice(1, -1)
        const body = w === 'top' ? deep : w === 'alerts' ? `{"alerts":${deep}}` : withRaw({ alerts: [a] }, deep)
        return isJson4xx(await send(w === 'alerts' ? '/alertmanager' : '/incident', body))
      }),
      { numRuns: 60, seed: SEED },
    )
  })

  it('answer duplicate ids and missing fields with a JSON 4xx', async () => {
    const case_ = fc.oneof(
      fc.record({ dup: fc.constant(true), n: fc.integer({ min: 2, max: 30 }), at: fc.nat() }),
      fc.record({ dup: fc.constant(false), drop: fc.subarray([...REQUIRED], { minLength: 1 }), n: fc.integer({ min: 1, max: 5 }) }),
    )
    await fc.assert(
      fc.asyncProperty(case_, async (c) => {
        const alerts = Array.from({ length: c.n }, valid)
        if ('drop' in c) for (const f of c.drop) delete alerts[c.n - 1]![f]
        else alerts[(c.at % (c.n - 1)) + 1]!.id = alerts[0]!.id
        return isJson4xx(await send('/incident', JSON.stringify({ alerts })))
      }),
      { numRuns: 300, seed: SEED },
    )
  })

  it('answer malformed Alertmanager payloads with a JSON 4xx', async () => {
    const amAlert = () => ({
      status: 'firing',
      labels: { alertname: 'X', service: 'payment' },
      annotations: {},
      startsAt: '2026-06-08T03:00:00Z',
      fingerprint: 'f',
    })
    const mutation = fc.oneof(
      fc.record({
        key: fc.constantFrom('status', 'labels', 'annotations', 'startsAt', 'fingerprint'),
        value: fc.oneof(fc.integer(), fc.constant(null), fc.constant([]), fc.boolean()),
      }),
      fc.record({
        key: fc.constant('startsAt'),
        value: fc.oneof(fc.constantFrom('', 'now', '2026-02-30T25:00:00Z'), fc.string({ minLength: 65, maxLength: 80 })),
      }),
      fc.record({ key: fc.constant('labels'), value: fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { minKeys: 1 }) }),
      fc.record({ key: fc.constant('status'), value: fc.string().filter((s) => s !== 'firing' && s !== 'resolved') }),
    )
    await fc.assert(
      fc.asyncProperty(mutation, fc.nat(3), async (m, at) => {
        const alerts: Record<string, unknown>[] = Array.from({ length: 4 }, amAlert)
        alerts[at]![m.key] = m.value
        return isJson4xx(await send('/alertmanager', JSON.stringify({ version: '4', alerts })))
      }),
      { numRuns: 300, seed: SEED },
    )
  })

  it('never answers 500 to odd unicode anywhere in an otherwise valid batch', async () => {
    const field = fc.constantFrom('id', 'service', 'metric', 'label-key', 'label-value')
    await fc.assert(
      fc.asyncProperty(field, oddString, ct, async (f, s, type) => {
        const a = valid()
        if (f === 'label-key') a.labels = { [s]: 'v' }
        else if (f === 'label-value') a.labels = { k: s }
        else a[f] = s
        const r = await send('/incident', JSON.stringify({ alerts: [a, valid()] }), type)
        // Odd but well-formed text is allowed (200); a bound or an empty name is a 4xx.
        return r.type?.includes('application/json') === true && (r.status === 200 || isJson4xx(r))
      }),
      { numRuns: 400, seed: SEED },
    )
  })

  it('never answers 500 to raw invalid UTF-8 bytes', async () => {
    const bytes = fc.uint8Array({ minLength: 1, maxLength: 64 })
    await fc.assert(
      fc.asyncProperty(bytes, async (b) => {
        const head = new TextEncoder().encode('{"alerts":[{"id":"')
        const body = new Uint8Array([...head, ...b, 0xff, 0xfe])
        const res = await req(app, '/incident', { method: 'POST', body })
        return res.status >= 400 && res.status < 500 && (res.headers.get('content-type') ?? '').includes('application/json')
      }),
      { numRuns: 200, seed: SEED },
    )
  })
})

describe('fuzz harness', () => {
  it('writes raw literals where JSON.stringify cannot', () => {
    expect(withRaw({ a: RAW.slice(1, -1) }, '1e309')).toBe('{"a":1e309}')
  })
})
