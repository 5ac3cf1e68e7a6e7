import { describe, expect, it } from 'bun:test'
import { fromAlertmanager, type AlertmanagerWebhook } from '../../src/integrations/alertmanager.ts'
import { json, makeApp, post } from '../support/helpers.ts'

// A cascade as Alertmanager would deliver it: db pool first, callers after.
function webhook(status: 'firing' | 'resolved' = 'firing'): AlertmanagerWebhook {
  const at = (s: number) => new Date(Date.UTC(2026, 5, 8, 3, 0, s)).toISOString()
  const alert = (fp: string, service: string, alertname: string, severity: string, s: number) => ({
    status,
    labels: { alertname, service, severity, instance: `${service}-0` },
    annotations: { summary: `${alertname} on ${service}`, value: '99', threshold: '90' },
    startsAt: at(s),
    endsAt: status === 'resolved' ? at(s + 300) : '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus.local/graph',
    fingerprint: fp,
  })
  return {
    version: '4',
    groupKey: '{}:{alertname="x"}',
    truncatedAlerts: 0,
    status,
    receiver: 'triage',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.local',
    alerts: [
      alert('a1', 'payment-db', 'ConnPoolExhausted', 'critical', 0),
      alert('a2', 'payment', 'HighLatency', 'warning', 20),
      alert('a3', 'checkout', 'HighErrorRate', 'high', 45),
      alert('a4', 'web', 'HighLatency', 'medium', 70),
    ],
  }
}

describe('POST /alertmanager', () => {
  it('answers the same report as POST /incident given the mapped alerts', async () => {
    const app = makeApp()
    const payload = webhook()
    const res = await post(app, '/alertmanager', payload)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/json')
    expect(res.headers.get('x-alerts-analysed')).toBe('4')
    const viaIncident = await json(post(app, '/incident', { alerts: fromAlertmanager(payload).alerts }))
    const body = await json(res)
    expect(body).toEqual(viaIncident)
    expect(body.root_cause.service).toBe('payment-db')
    expect(body.clusters[0].alert_count).toBe(4)
  })

  it('analyses only the firing alerts of a mixed payload', async () => {
    const payload = webhook()
    payload.alerts[3]!.status = 'resolved'
    const res = await post(makeApp(), '/alertmanager', payload)
    expect(res.headers.get('x-alerts-resolved')).toBe('1')
    expect((await json(res)).clusters[0].alert_count).toBe(3)
  })

  it('answers an all-resolved payload with 200 and an empty report', async () => {
    const res = await post(makeApp(), '/alertmanager', webhook('resolved'))
    expect(res.status).toBe(200)
    expect(await json(res)).toEqual({
      clusters: [],
      root_cause: { service: 'unknown', confidence: 0, method: 'graph-only-flag-off', candidates: [] },
      recommended_actions: [],
      similar_incidents: [],
    })
  })

  it('accepts the payload with no content type, as any client may send it', async () => {
    expect((await post(makeApp(), '/alertmanager', webhook(), {})).status).toBe(200)
  })

  it('returns 400 when alerts is empty', async () => {
    const res = await post(makeApp(), '/alertmanager', { ...webhook(), alerts: [] })
    expect(res.status).toBe(400)
  })

  const bad: Array<[string, (p: Record<string, any>) => void, string]> = [
    // each row: what is wrong, how to break the payload, the field the 422 must name
    ['an alert has no labels', (p) => delete p.alerts[1].labels, 'alerts.1.labels'],
    ['status is unknown', (p) => (p.alerts[2].status = 'pending'), 'alerts.2.status'],
    ['a label value is a number', (p) => (p.alerts[0].labels.severity = 5), 'alerts.0.labels'],
    ['startsAt is not a time', (p) => (p.alerts[3].startsAt = 'yesterday'), 'alerts.3.startsAt'],
    ['the version is not 4', (p) => (p.version = '5'), 'version'],
    ['alerts is missing', (p) => delete p.alerts, 'alerts'],
    ['a label value is over 1024 chars', (p) => (p.alerts[0].labels.pod = 'x'.repeat(1025)), 'alerts.0.labels'],
  ]
  for (const [name, breakIt, field] of bad) {
    it(`returns 422 naming ${field} when ${name}`, async () => {
      const payload = webhook() as unknown as Record<string, any>
      breakIt(payload)
      const res = await post(makeApp(), '/alertmanager', payload)
      expect(res.status).toBe(422)
      expect((await json(res)).field).toStartWith(field)
    })
  }

  it('returns 413 when the payload has more alerts than AIOPS_MAX_ALERTS, resolved ones included', async () => {
    const payload = webhook()
    payload.alerts[0]!.status = 'resolved'
    const res = await post(makeApp({ env: { AIOPS_MAX_ALERTS: '3' } }), '/alertmanager', payload)
    expect(res.status).toBe(413)
    expect((await json(res)).message).toContain('AIOPS_MAX_ALERTS=3')
  })

  it('counts deliveries and alerts by status in /metrics', async () => {
    const app = makeApp()
    const payload = webhook()
    payload.alerts[0]!.status = 'resolved'
    await post(app, '/alertmanager', payload)
    await Bun.sleep(5) // onAfterResponse runs after the response is handed back
    const text = await (await app.handle(new Request('http://localhost/metrics'))).text()
    expect(text).toContain('aiops_alertmanager_alerts_total{status="firing"} 3')
    expect(text).toContain('aiops_alertmanager_alerts_total{status="resolved"} 1')
    expect(text).toContain('aiops_alertmanager_requests_total{status="200"} 1')
  })
})
