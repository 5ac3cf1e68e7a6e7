/**
 * SIGTERM with every background service of the binary on at once: the
 * incident store (SQLite, write-behind queue, learner and purge timers),
 * graph discovery (a Jaeger double, refreshing every second, its graphs
 * offered to the shadow) and a shadow settings candidate comparing the live
 * batches. The process must end on its own with exit 0, the incidents it
 * answered written to the file: no timer or queue of those services may keep
 * it alive or fail the shutdown.
 */
import { Database } from 'bun:sqlite'
import { afterAll, describe, expect, it } from 'bun:test'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { jaegerDouble } from '../support/jaeger-double.ts'
import { BINARY, spawnBinary, tempDir, waitFor, waitHttpOk } from '../support/processes.ts'

const GRAPH = resolve(import.meta.dir, '../../dataset/services.json')
const SAMPLE = resolve(import.meta.dir, '../../dataset/samples/cascade-20.json')
const TOKEN = 'binary-sigterm-admin-token'
const AUTH = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }

describe.skipIf(!existsSync(BINARY))('compiled binary on SIGTERM with store, discovery and shadow on', () => {
  const jaeger = jaegerDouble()
  afterAll(() => jaeger.stop())

  it('exits 0 by itself, with the answered incidents in the store', async () => {
    const doc = JSON.parse(readFileSync(GRAPH, 'utf8')) as { edges: Array<{ from: string; to: string }> }
    jaeger.deps(doc.edges.map((e) => ({ parent: e.from, child: e.to, callCount: 10 })))
    const db = join(tempDir('aiops-term-bg-'), 'incidents.db')
    const { proc, base } = spawnBinary(
      {
        AIOPS_USE_LLM: 'false',
        AIOPS_LOG_LEVEL: 'warn',
        AIOPS_RCA_WORKERS: '1',
        AIOPS_ADMIN_TOKEN: TOKEN,
        AIOPS_STORE: 'sqlite',
        AIOPS_STORE_PATH: db,
        AIOPS_GRAPH_PATH: GRAPH,
        AIOPS_GRAPH_SOURCE: 'jaeger',
        AIOPS_JAEGER_URL: jaeger.url,
        AIOPS_GRAPH_REFRESH_SEC: '1',
        AIOPS_GRAPH_REFRESH_MODE: 'shadow',
        AIOPS_CHRONIC: 'on',
      },
      { stderr: 'pipe' },
    )
    try {
      await waitHttpOk(`${base}/readyz`, 15_000)
      expect((await fetch(`${base}/admin/shadow`, { method: 'PUT', headers: AUTH, body: JSON.stringify({ config: { max_hop: 3 } }) })).status).toBe(200)
      const body = await Bun.file(SAMPLE).text()
      for (let i = 0; i < 3; i++) expect((await fetch(`${base}/incident`, { method: 'POST', body })).status).toBe(200)
      // The shadow has work done and the refresher has fired on its timer since start.
      await waitFor('shadow comparisons', async () => {
        const r = (await (await fetch(`${base}/admin/shadow`, { headers: AUTH })).json()) as { compared: number }
        return r.compared >= 1 ? true : undefined
      })
      await waitFor('a timed refresh', async () => (jaeger.requests.length >= 2 ? true : undefined))

      proc.kill('SIGTERM')
      const code = await proc.exited
      const stderr = await new Response(proc.stderr as ReadableStream).text()
      expect({ code, errors: stderr.split('\n').filter((l) => l.includes('"level":"error"')) }).toEqual({ code: 0, errors: [] })
      const rows = new Database(db, { readonly: true }).query('SELECT count(*) AS n FROM incidents').get() as { n: number }
      expect(rows.n).toBeGreaterThan(0)
    } finally {
      proc.kill('SIGKILL')
    }
  }, 60_000)
})
