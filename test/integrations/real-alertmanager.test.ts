/**
 * A real Prometheus Alertmanager (Debian package prometheus-alertmanager;
 * .ci/run installs it) delivers to POST /alertmanager. Alerts of a cascade are
 * fired at Alertmanager's API; its webhook receiver, with a bearer token as an
 * operator would configure it, must reach the service and get the incident
 * report; resolving the alerts must then deliver a resolved notification that
 * gets 200 and an empty report. Skips only when the binary is absent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { makeApp } from '../support/helpers.ts'
import { freePort, tempDir, waitFor, waitHttpOk, which } from '../support/processes.ts'

const AM = which('prometheus-alertmanager', 'alertmanager')
const TOKEN = 'am-test-token-0123456789'

interface Delivery {
  auth: string | null
  payload: { version: string; status: string; alerts: Array<{ status: string; labels: Record<string, string> }> }
  status: number
  report: { clusters: unknown[]; root_cause: { service: string } }
}

describe.skipIf(!AM)('POST /alertmanager fed by a real Alertmanager', () => {
  const deliveries: Delivery[] = []
  let server: ReturnType<typeof Bun.serve>
  let am: ReturnType<typeof Bun.spawn>
  let amUrl = ''
  let logPath = ''

  beforeAll(async () => {
    const app = makeApp({ env: { AIOPS_API_TOKEN: TOKEN } })
    // The app's own handler, with each exchange recorded for the assertions.
    server = Bun.serve({
      port: 0,
      hostname: '127.0.0.1',
      fetch: async (req) => {
        const payload = (await req.clone().json()) as Delivery['payload']
        const res = await app.handle(req)
        deliveries.push({ auth: req.headers.get('authorization'), payload, status: res.status, report: (await res.clone().json()) as Delivery['report'] })
        return res
      },
    })
    const dir = tempDir('aiops-am-')
    const port = freePort()
    amUrl = `http://127.0.0.1:${port}`
    writeFileSync(
      join(dir, 'alertmanager.yml'),
      `route:
  receiver: aiops
  group_by: ['env']
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: aiops
    webhook_configs:
      - url: 'http://127.0.0.1:${server.port}/alertmanager'
        send_resolved: true
        max_alerts: 0
        http_config:
          authorization:
            type: Bearer
            credentials: '${TOKEN}'
`,
    )
    logPath = join(dir, 'alertmanager.log')
    am = Bun.spawn(
      [
        AM!,
        `--config.file=${join(dir, 'alertmanager.yml')}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
        '--log.level=info',
      ],
      { stdout: Bun.file(logPath), stderr: Bun.file(logPath) },
    )
    await waitHttpOk(`${amUrl}/-/ready`)
  })

  afterAll(() => {
    am?.kill('SIGTERM')
    server?.stop(true)
  })

  // A cascade: the database pool first, its callers after (the shop graph in helpers.ts),
  // labelled with `metric` as the README advises for rules whose alertname is not a metric.
  const startsAt = (s: number) => new Date(Date.now() - 300_000 + s * 1000).toISOString()
  const fired = [
    {
      labels: { alertname: 'ConnPoolExhausted', metric: 'conn_pool_used', service: 'payment-db', severity: 'critical', env: 'test' },
      annotations: { value: '99', threshold: '90' },
      startsAt: startsAt(0),
    },
    {
      labels: { alertname: 'HighLatency', metric: 'latency_p99_ms', service: 'payment', severity: 'warning', env: 'test' },
      annotations: { value: '1900', threshold: '1500' },
      startsAt: startsAt(20),
    },
    {
      labels: { alertname: 'HighErrorRate', metric: 'error_rate', service: 'checkout', severity: 'high', env: 'test' },
      annotations: { value: '0.06', threshold: '0.05' },
      startsAt: startsAt(45),
    },
    {
      labels: { alertname: 'HighLatency', metric: 'latency_p99_ms', service: 'web', severity: 'warning', env: 'test' },
      annotations: { value: '2100', threshold: '1500' },
      startsAt: startsAt(70),
    },
  ]
  const postAlerts = (alerts: unknown[]) =>
    fetch(`${amUrl}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) })

  it('delivers the firing group with the bearer token and gets the report for it', async () => {
    expect((await postAlerts(fired)).status).toBe(200)
    const d = await waitFor('a firing delivery', async () => deliveries.find((x) => x.payload.status === 'firing' && x.payload.alerts.length === fired.length))
    expect(d.auth).toBe(`Bearer ${TOKEN}`)
    expect(d.payload.version).toBe('4')
    expect(d.status).toBe(200)
    expect(d.report.root_cause.service).toBe('payment-db')
    expect(d.report.clusters).toHaveLength(1)
    expect((d.report.clusters[0] as { alert_count: number }).alert_count).toBe(fired.length)
  })

  it('delivers the resolved group and gets 200 with an empty report', async () => {
    const now = new Date().toISOString()
    expect((await postAlerts(fired.map((a) => ({ ...a, endsAt: now })))).status).toBe(200)
    const d = await waitFor('a resolved delivery', async () => deliveries.find((x) => x.payload.status === 'resolved'))
    expect(d.payload.alerts.every((a) => a.status === 'resolved')).toBe(true)
    expect(d.status).toBe(200)
    expect(d.report.clusters).toEqual([])
    expect(d.report.root_cause.service).toBe('unknown')
  })

  it('never had a delivery refused, as Alertmanager’s own log confirms', async () => {
    expect(deliveries.length).toBeGreaterThanOrEqual(2)
    expect(deliveries.every((d) => d.status === 200)).toBe(true)
    expect(await Bun.file(logPath).text()).not.toContain('Notify for alerts failed')
  })
})
