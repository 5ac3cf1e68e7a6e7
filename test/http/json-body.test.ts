import { describe, expect, it } from 'bun:test'
import { IncidentRequest } from '../../src/domain/model.ts'
import { MAX_JSON_DEPTH, nestsDeeperOutside, nestsDeeperThan } from '../../src/incident/batch-text.ts'
import { alert, json, makeApp, post } from '../support/helpers.ts'

describe('nestsDeeperThan', () => {
  it('measures objects and arrays alike and ignores scalars', () => {
    expect(nestsDeeperThan({ a: [{ b: 1 }] }, 3)).toBe(false)
    expect(nestsDeeperThan({ a: [{ b: {} }] }, 3)).toBe(true)
    expect(nestsDeeperThan('x', 0)).toBe(false)
  })
})

describe('nestsDeeperOutside', () => {
  const a = { id: 'a', ts: 0, service: 's', metric: 'm', severity: 'info', value: 1, threshold: 1, labels: { pod: 'p' } }
  it('does not count the label sets the schema closes, only fields it leaves open', () => {
    // alerts (1) → alert (2) → labels (3): deeper than 3 by nestsDeeperThan, yet nothing open nests.
    expect(nestsDeeperThan({ alerts: [a] }, 3)).toBe(true)
    expect(nestsDeeperOutside({ alerts: [a] }, IncidentRequest, 3)).toBe(false)
  })
  it('walks unknown fields at any level, on the envelope and on an alert', () => {
    expect(nestsDeeperOutside({ alerts: [a], extra: [[[]]] }, IncidentRequest, 3)).toBe(true)
    expect(nestsDeeperOutside({ alerts: [{ ...a, extra: { b: [] } }] }, IncidentRequest, 4)).toBe(true)
    expect(nestsDeeperOutside({ alerts: [{ ...a, extra: { b: [] } }] }, IncidentRequest, 5)).toBe(false)
  })
})

describe('alert route body parsing', () => {
  it('answers 100 000 nested arrays with a quick 400, not a 500', async () => {
    const t = performance.now()
    const res = await post(makeApp(), '/incident', '['.repeat(100_000) + ']'.repeat(100_000))
    expect(res.status).toBeLessThan(500)
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(performance.now() - t).toBeLessThan(2000)
  })

  it(`answers 400 for a valid batch carrying an extra field nested over ${MAX_JSON_DEPTH} levels`, async () => {
    const deep = '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1)
    const res = await post(makeApp(), '/incident', `{"alerts":[${JSON.stringify(alert('web', 'cpu_util', 0))}],"extra":${deep}}`)
    expect(res.status).toBe(400)
    expect((await json(res)).message).toContain('nests deeper')
  })

  it('accepts unknown fields on every request, not only the first (Elysia marks its schema closed in place)', async () => {
    const app = makeApp()
    for (let i = 0; i < 2; i++) {
      expect((await post(app, '/incident', { alerts: [alert('web', 'cpu_util', 0)], source: 'test' })).status).toBe(200)
      const am = { version: '4', futureField: true, alerts: [{ status: 'firing', labels: { alertname: 'X' }, startsAt: '2026-06-08T03:00:00Z', newThing: 1 }] }
      expect((await post(app, '/alertmanager', am)).status).toBe(200)
    }
  })

  it('returns 422 for labels sent as an array', async () => {
    const res = await post(makeApp(), '/incident', { alerts: [{ ...alert('web', 'cpu_util', 0), labels: [] }] })
    expect(res.status).toBe(422)
    expect((await json(res)).field).toBe('alerts.0.labels')
  })

  it('names the first bad alert of a 20 000-alert batch in well under a second', async () => {
    const alerts: Record<string, unknown>[] = Array.from({ length: 20_000 }, (_, i) => alert(`s${i % 40}`, 'cpu_util', i))
    alerts[19_999]!.severity = 'urgent'
    const app = makeApp()
    const t = performance.now()
    const res = await post(app, '/incident', { alerts })
    expect(res.status).toBe(422)
    expect((await json(res)).field).toBe('alerts.19999.severity')
    expect(performance.now() - t).toBeLessThan(1500)
  })
})
