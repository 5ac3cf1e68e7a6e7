/**
 * A real Prometheus (Debian package prometheus; .ci/run installs it) scrapes
 * GET /metrics of a listening app and stores our series; `promtool check
 * metrics` finds no problem with our own metric names. Default process
 * metrics come from prom-client and are judged separately: promtool flags
 * some of them (gauges named *_total), which is not ours to rename, so the
 * test only requires that no reported problem names an aiops_ metric.
 * Each part skips only when its binary is absent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { collectDefaultMetrics, Registry } from 'prom-client'
import { createMetrics } from '../../src/metrics.ts'
import { alert, makeApp, post } from '../support/helpers.ts'
import { waitFor, which } from '../support/processes.ts'
import { PROMETHEUS, startPrometheus } from '../support/prometheus.ts'

const PROMTOOL = which('promtool')

function appWithMetrics() {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  return makeApp({ metrics: createMetrics(registry) })
}

/** Exercises every route that records a metric, so each family has samples. */
async function exercise(app: ReturnType<typeof makeApp>) {
  await post(app, '/incident', { alerts: [alert('payment-db', 'conn_pool_used', 0, { severity: 'critical' }), alert('payment', 'latency_p99_ms', 20)] })
  await post(app, '/incident', { alerts: [] })
  await post(app, '/alertmanager', { alerts: [{ status: 'firing', labels: { alertname: 'X', service: 'web' }, startsAt: '2026-06-08T03:00:00Z' }] })
  await Bun.sleep(5) // request counters are bumped after the response
}

async function promtool(exposition: string): Promise<{ code: number; out: string }> {
  const p = Bun.spawn([PROMTOOL!, 'check', 'metrics'], { stdin: new Blob([exposition]), stdout: 'pipe', stderr: 'pipe' })
  const out = (await new Response(p.stdout).text()) + (await new Response(p.stderr).text())
  return { code: await p.exited, out }
}

/** Only the aiops_* families of an exposition (HELP, TYPE and sample lines). */
const ours = (text: string) =>
  text
    .split('\n')
    .filter((l) => /^(# (HELP|TYPE) )?aiops_/.test(l))
    .join('\n') + '\n'

describe.skipIf(!PROMTOOL)('promtool check metrics', () => {
  it('finds no problem in our aiops_* metrics', async () => {
    const app = appWithMetrics()
    await exercise(app)
    const text = await (await app.handle(new Request('http://localhost/metrics'))).text()
    expect(ours(text)).toContain('aiops_incident_requests_total')
    const r = await promtool(ours(text))
    expect(r).toEqual({ code: 0, out: '' })
  })

  it('is a real check: it flags a counter named without _total', async () => {
    const r = await promtool('# HELP aiops_bad_count x\n# TYPE aiops_bad_count counter\naiops_bad_count 1\n')
    expect(r.code).toBe(3)
    expect(r.out).toContain('aiops_bad_count')
  })

  it('names no aiops_ metric among the problems of the full exposition', async () => {
    const app = appWithMetrics()
    await exercise(app)
    const r = await promtool(await (await app.handle(new Request('http://localhost/metrics'))).text())
    // Exit 1 would be a parse error of the whole text; 3 is lint findings (prom-client's own names).
    expect(r.code === 0 || r.code === 3).toBe(true)
    expect(r.out).not.toContain('aiops_')
  })
})

describe.skipIf(!PROMETHEUS)('GET /metrics scraped by a real Prometheus', () => {
  const app = appWithMetrics()
  let prom: Awaited<ReturnType<typeof startPrometheus>> | undefined
  let api = ''

  beforeAll(async () => {
    app.listen({ port: 0, hostname: '127.0.0.1' })
    await exercise(app)
    prom = await startPrometheus([`127.0.0.1:${app.server!.port}`], { job: 'aiops-serve' })
    api = prom.url
  })

  afterAll(async () => {
    await prom?.stop()
    await app.stop(true)
  })

  const query = async (q: string) => {
    const body = (await (await fetch(`${api}/api/v1/query?query=${encodeURIComponent(q)}`)).json()) as {
      data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> }
    }
    return body.data.result
  }

  it('sees the target up and stores our request, latency and Alertmanager series', async () => {
    const up = await waitFor('a successful scrape', async () => {
      const r = await query('up{job="aiops-serve"}')
      return r[0]?.value[1] === '1' ? r : undefined
    })
    expect(up).toHaveLength(1)
    const requests = await query('aiops_incident_requests_total')
    expect(requests.map((s) => s.metric.status).toSorted()).toEqual(['200', '400'])
    expect(Number((await query('aiops_incident_latency_seconds_count'))[0]?.value[1])).toBeGreaterThanOrEqual(1)
    expect((await query('aiops_alertmanager_alerts_total{status="firing"}'))[0]?.value[1]).toBe('1')
    const targets = (await (await fetch(`${api}/api/v1/targets`)).json()) as { data: { activeTargets: Array<{ health: string; lastError: string }> } }
    expect(targets.data.activeTargets[0]).toMatchObject({ health: 'up', lastError: '' })
  }, 25_000)
})
