/**
 * SIGTERM under load, with the compiled binary (only when dist/aiops-serve
 * exists; `bun run build` first, .ci/run does): a burst of requests is put in
 * flight, SIGTERM arrives once the first is answered and the server is still
 * working through the rest, and every request must still get its 200 before
 * the process exits 0.
 * Afterwards nothing listens on the port any more.
 */
import { describe, expect, it } from 'bun:test'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { BINARY, spawnBinary, waitHttpOk } from '../support/processes.ts'

const SAMPLE = resolve(import.meta.dir, '../../dataset/samples/cascade-20.json')
const IN_FLIGHT = 24

/** The sample cascade copied `times` over, shifted in time, so one request takes a while. */
async function heavyBatch(times: number): Promise<string> {
  const { alerts } = (await Bun.file(SAMPLE).json()) as { alerts: Array<Record<string, unknown>> }
  const out = []
  for (let k = 0; k < times; k++) {
    for (const a of alerts) {
      const ms = typeof a.ts === 'number' ? a.ts * 1000 : Date.parse(String(a.ts)) // the sample mixes both forms
      out.push({ ...a, id: `${a.id}-${k}`, ts: new Date(ms + k * 600_000).toISOString() })
    }
  }
  return JSON.stringify({ alerts: out })
}

describe.skipIf(!existsSync(BINARY))('compiled binary on SIGTERM under load', () => {
  it('answers every request in flight, then exits 0 and stops listening', async () => {
    const { proc, base } = spawnBinary({ AIOPS_LOG_LEVEL: 'warn' }, { stderr: 'pipe' })
    try {
      await waitHttpOk(`${base}/readyz`, 10_000)
      const body = await heavyBatch(150) // 3000 alerts: tens of ms of work each
      const started = performance.now()
      const inFlight = Array.from({ length: IN_FLIGHT }, () =>
        fetch(`${base}/incident`, { method: 'POST', body }).then(
          async (r) => ({ status: r.status, clusters: ((await r.json()) as { clusters?: unknown[] }).clusters?.length ?? 0, at: performance.now() }),
          (e: Error) => ({ status: 0, clusters: 0, at: performance.now(), err: e.message }),
        ),
      )
      // Signal once the first answer is out: the server has the whole burst and is working through it.
      await Promise.race(inFlight)
      const signalled = performance.now()
      proc.kill('SIGTERM')
      const results = await Promise.all(inFlight)
      const code = await proc.exited

      if (results.some((r) => r.status !== 200)) console.log(JSON.stringify(results.map((r) => ({ ...r, at: Math.round(r.at - signalled) }))))
      expect(results.map((r) => r.status)).toEqual(Array(IN_FLIGHT).fill(200))
      expect(results.every((r) => r.clusters > 0)).toBe(true)
      // The signal really came mid-load: some answers were still to come.
      expect(results.filter((r) => r.at > signalled).length).toBeGreaterThan(0)
      expect(code).toBe(0)
      await expect(fetch(`${base}/healthz`)).rejects.toThrow()
      console.log(
        `sigterm: ${IN_FLIGHT} in flight, ${results.filter((r) => r.at > signalled).length} answered after the signal, all done ${Math.round(performance.now() - started)} ms after the burst, exit ${code}`,
      )
    } finally {
      proc.kill('SIGKILL')
    }
  }, 30_000)
})
