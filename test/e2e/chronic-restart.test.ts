/**
 * The chronic baseline survives a restart on SQLite: a service (a real
 * process) learns that one alert fires in every batch, is stopped (SIGTERM
 * saves the baseline), and a new process on the same file discounts that
 * alert in its very first answer, where a fresh one would not.
 */
import { afterAll, describe, expect, it } from 'bun:test'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir } from '../support/processes.ts'
import { startService, type ServiceProcess } from '../support/service-process.ts'

const dir = tempDir('aiops-chronic-')
const started: ServiceProcess[] = []
afterAll(async () => {
  for (const s of started) if (s.proc.exitCode === null) await s.stop()
  rmSync(dir, { recursive: true, force: true })
})

// payment-db's cpu (a service of the embedded graph) in every batch, an hour apart.
const batch = (hour: number) => ({
  alerts: [0, 30].map((s) => ({
    id: `a-${hour}-${s}`,
    ts: 1_780_000_000 + hour * 3600 + s,
    service: 'payment-db',
    metric: 'cpu_util',
    severity: 'warning',
    value: 3,
    threshold: 1,
  })),
})
const post = async (url: string, hour: number) => (await fetch(`${url}/incident`, { method: 'POST', body: JSON.stringify(batch(hour)) })).text()

describe('chronic baseline persistence', () => {
  it('a restarted service on the same SQLite file remembers what was chronic', async () => {
    const env = { AIOPS_CHRONIC: 'on', AIOPS_STORE: 'sqlite', AIOPS_STORE_PATH: join(dir, 'incidents.db'), AIOPS_RCA_WORKERS: '0' }
    const fresh = await startService({ ...env, AIOPS_STORE_PATH: join(dir, 'other.db') })
    started.push(fresh)
    expect(await post(fresh.url, 20)).not.toContain('chronic')
    await fresh.stop()

    const a = await startService(env)
    started.push(a)
    for (let h = 0; h < 20; h++) await post(a.url, h)
    await a.stop()

    const b = await startService(env)
    started.push(b)
    expect(await (await fetch(`${b.url}/metrics`)).text()).toMatch(/^aiops_chronic_fingerprints [1-9]/m)
    expect(await post(b.url, 20)).toContain('chronic alerts count less: cpu_util')
    await b.stop()
  }, 60_000)
})
