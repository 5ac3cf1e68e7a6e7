/**
 * Two service processes sharing one real Postgres (a throwaway cluster;
 * skipped only when no server binaries are installed): an operator corrects
 * the root of an incident answered by one replica, and a similar new batch
 * sent to the other lists that incident among similar_incidents, with the
 * operator's actions. Both replicas analyse on a worker, so the
 * learned history reaches the workers' snapshots too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { resolve } from 'node:path'
import type { Alert } from '../../src/domain/model.ts'
import { createDatabase, postgresBin, startPostgres, type TestPostgres } from '../support/postgres.ts'
import { waitFor } from '../support/processes.ts'
import { startService, type ServiceProcess } from '../support/service-process.ts'

const SAMPLE = resolve(import.meta.dir, '../../dataset/samples/cascade-20.json')
const ACTION = 'Roll back payment v42 (the connection-pool change)'

/** The sample storm a day later from other pods: other alert sources, the same services and metrics. */
async function similarStorm(): Promise<Alert[]> {
  const { alerts } = (await Bun.file(SAMPLE).json()) as { alerts: Alert[] }
  return alerts.map((a, i) => ({
    ...a,
    id: `later-${i}`,
    ts: typeof a.ts === 'number' ? a.ts + 86_400 : new Date(Date.parse(a.ts) + 86_400_000).toISOString(),
    labels: { ...a.labels, pod: `${a.service}-7` },
  }))
}

const post = async (url: string, path: string, body: unknown) => {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return { status: res.status, body: (await res.json()) as any }
}

describe.skipIf(!postgresBin())('replicas sharing a Postgres store', () => {
  let pg: TestPostgres
  const replicas: ServiceProcess[] = []
  beforeAll(async () => {
    pg = (await startPostgres())!
    const url = await createDatabase(pg, 'replicas')
    const env = { AIOPS_STORE_URL: url, AIOPS_RCA_WORKERS: '1', AIOPS_PUBLIC_URL: 'https://aiops.example.com' }
    replicas.push(...(await Promise.all([startService(env), startService(env)])))
  }, 60_000)
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()))
    await pg?.stop()
  }, 30_000)

  it('feedback given on one replica is used by the other', async () => {
    const [a, b] = replicas as [ServiceProcess, ServiceProcess]
    const first = await post(a.url, '/incident', await Bun.file(SAMPLE).json())
    expect(first.status).toBe(200)
    const id = first.body.incident_id as string
    expect(first.body.incident_url).toBe(`https://aiops.example.com/incidents/${id}`)
    // The incident is readable from the other replica (the write is queued, then shared).
    await waitFor('the incident on replica b', async () => ((await fetch(`${b.url}/incidents/${id}`)).status === 200 ? true : undefined), 25_000)

    const fb = await post(a.url, `/incidents/${id}/feedback`, { root_cause: 'payment', actions: [ACTION], note: 'payment v42 shrank its pool' })
    expect(fb.status).toBe(200)
    expect(fb.body.feedback.outcome).toBe('top3')

    const storm = await similarStorm()
    const answer = await waitFor(
      'replica b to use the feedback',
      async () => {
        const r = await post(b.url, '/incident', { alerts: storm })
        return r.body.similar_incidents.some((s: { id: string }) => s.id === id) ? r.body : undefined
      },
      40_000,
    )
    expect(answer.incident_id).not.toBe(id)
    expect(answer.similar_incidents.find((s: { id: string }) => s.id === id)).toMatchObject({
      root_cause: 'payment',
      title: 'payment v42 shrank its pool',
      actions: [ACTION],
    })
  }, 90_000)
})
