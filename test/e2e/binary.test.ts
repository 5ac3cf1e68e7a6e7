/**
 * Smoke test of the compiled binary (`bun run build` first; .ci/run does):
 * started from an empty temp directory with no env, it must answer every
 * endpoint from its embedded data, then exit 0 on SIGTERM.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { resolve } from 'node:path'
import { BINARY, spawnBinary, waitHttpOk } from '../support/processes.ts'
import { json } from '../support/helpers.ts'

const SAMPLE = resolve(import.meta.dir, '../../dataset/samples/cascade-20.json')
const MULTI = resolve(import.meta.dir, '../../dataset/samples/multi-incident.json')
const has = existsSync(BINARY)

describe.skipIf(!has)('compiled binary', () => {
  let proc: ReturnType<typeof Bun.spawn>
  let base: string

  beforeAll(async () => {
    ;({ proc, base } = spawnBinary({ AIOPS_RCA_WORKERS: '2' }, { stdout: 'pipe', stderr: 'pipe' }))
    await waitHttpOk(`${base}/readyz`, 10_000)
  })

  afterAll(() => {
    proc?.kill('SIGKILL')
  })

  it('answers /healthz, /readyz and /version from the embedded data', async () => {
    expect(await json(fetch(`${base}/healthz`))).toEqual({ status: 'ok' })
    expect((await fetch(`${base}/readyz`)).status).toBe(200)
    const v = await json(fetch(`${base}/version`))
    expect(v.graph_source).toBe('embedded')
    expect(v.graph_node_count).toBeGreaterThanOrEqual(9)
    expect(v.commit).not.toBe('dev')
  })

  it('analyses the 20-alert sample cascade', async () => {
    const res = await fetch(`${base}/incident`, { method: 'POST', body: await Bun.file(SAMPLE).text() })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-response-time-ms')).not.toBeNull()
    const body = await json(res)
    expect(body.root_cause.service).toBe('payment-db')
    expect(body.clusters[0].alert_count).toBe(20)
  })

  it('answers a whole request on a worker (the worker entry is inside the binary)', async () => {
    const workerTasks = async () => Number(/aiops_rca_tasks_total\{where="worker"\} (\d+)/.exec(await (await fetch(`${base}/metrics`)).text())?.[1] ?? 0)
    const before = await workerTasks()
    // One request at a time: the least busy worker has room, so a worker answers it.
    const res = await fetch(`${base}/incident`, { method: 'POST', body: await Bun.file(MULTI).text() })
    expect(res.status).toBe(200)
    expect((await res.json()).clusters.length).toBeGreaterThanOrEqual(2)
    expect(await workerTasks()).toBe(before + 1)
    expect(await (await fetch(`${base}/metrics`)).text()).not.toContain('aiops_rca_worker_fallbacks_total{')
  })

  it('answers big and small batches in parallel (on workers and inline) exactly as one at a time', async () => {
    const multi = await Bun.file(MULTI).json()
    const big = JSON.stringify({
      alerts: multi.alerts.flatMap((a: { id: string; labels?: object }) =>
        Array.from({ length: 20 }, (_, r) => ({ ...a, id: `${a.id}-r${r}`, labels: { ...(a.labels ?? {}), replica: `r${r}` } })),
      ),
    })
    const small = await Bun.file(SAMPLE).text()
    const answer = async (body: string) => {
      const res = await fetch(`${base}/incident`, { method: 'POST', body })
      expect(res.status).toBe(200)
      return res.text()
    }
    const alone = new Map([
      [big, await answer(big)],
      [small, await answer(small)],
    ])
    const bodies = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? big : small))
    const together = await Promise.all(bodies.map(answer))
    together.forEach((text, i) => expect(text).toBe(alone.get(bodies[i]!)!))
    expect(await (await fetch(`${base}/metrics`)).text()).not.toContain('aiops_rca_worker_fallbacks_total{')
  })

  it('serves the Swagger page, its script and /metrics', async () => {
    expect(await (await fetch(`${base}/swagger`)).text()).toContain('/swagger-assets/scalar.js')
    expect((await fetch(`${base}/swagger-assets/scalar.js`)).status).toBe(200)
    expect(await (await fetch(`${base}/metrics`)).text()).toContain('process_cpu_seconds_total')
  })

  it('exits 0 on SIGTERM', async () => {
    proc.kill('SIGTERM')
    expect(await proc.exited).toBe(0)
  })
})

describe.skipIf(!has)('compiled binary start-up errors', () => {
  it('refuses a bad variable with one line naming it', async () => {
    const p = Bun.spawn([BINARY], { cwd: tmpdir(), env: { AIOPS_MAX_HOP: 'abc', PORT: '0' }, stdout: 'pipe', stderr: 'pipe' })
    expect(await p.exited).toBe(1)
    expect(await new Response(p.stderr).text()).toContain('AIOPS_MAX_HOP')
  })

  it('refuses a missing graph file naming it', async () => {
    const p = Bun.spawn([BINARY], { cwd: tmpdir(), env: { AIOPS_GRAPH_PATH: '/nope/graph.json', PORT: '0' }, stdout: 'pipe', stderr: 'pipe' })
    expect(await p.exited).toBe(1)
    expect(await new Response(p.stderr).text()).toContain('/nope/graph.json')
  })
})
