/**
 * A Postgres outage seen through the incident service (a real server,
 * stopped and started again by the test): while it is down, recording a batch
 * still returns an id at once, the failed writes are counted, the reads say
 * the store is unavailable and readiness reports it unreachable; once it is
 * back, the queued incident is written and readable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { Registry } from 'prom-client'
import { triage } from '../../src/incident/triage.ts'
import { silentLogger } from '../../src/logger.ts'
import { createMetrics } from '../../src/metrics.ts'
import { createIncidentService, StoreUnavailableError, type IncidentService } from '../../src/store/incident-service.ts'
import { openPostgresStore } from '../../src/store/postgres-store.ts'
import { shopGraphs } from '../support/incident-service.ts'
import { alert } from '../support/helpers.ts'
import { createDatabase, postgresBin, startPostgres, type TestPostgres } from '../support/postgres.ts'
import { waitFor } from '../support/processes.ts'

describe.skipIf(!postgresBin())('a Postgres outage', () => {
  let pg: TestPostgres
  let service: IncidentService
  const metrics = createMetrics(new Registry())
  const graphs = shopGraphs()
  beforeAll(async () => {
    pg = (await startPostgres())!
    service = createIncidentService({
      incidents: openPostgresStore(await createDatabase(pg, 'outage')),
      graphs,
      metrics,
      logger: silentLogger,
      retentionDays: 30,
    })
    await service.start()
  }, 60_000)
  afterAll(async () => {
    await service?.close()
    await pg?.stop()
  }, 30_000)

  it('costs no answer, is counted and reported, and the queued incident is written once it is back', async () => {
    pg.pause()
    const snap = graphs.current!
    const alerts = [alert('payment-db', 'conn_pool_used', 0), alert('payment', 'latency_p99_ms', 20)]
    const { report } = triage({ alerts, snapshot: snap, options: { gapSec: 120, maxHop: 2, method: 'explain' }, method: 'graph-explain' })
    const id = service.record({ alerts, report, graph: snap.graph, settings: { gap_sec: 120, max_hop: 2, rca_method: 'explain' } }).id
    expect(id).toMatch(/^inc-/)
    await expect(service.list({ limit: 5 })).rejects.toThrow(StoreUnavailableError)
    expect(await metrics.registry.getSingleMetricAsString('aiops_store_writes_total')).toContain('outcome="failed"')
    expect((await service.status()).reachable).not.toBe(true)

    // An outage longer than several retries loses nothing that fits the queue.
    await Bun.sleep(800)
    pg.resume()
    const kept = await waitFor('the queued incident to be written', async () => (await service.get(id).catch(() => null)) ?? undefined, 20_000)
    expect(kept.root_cause).toBe('payment-db')
    expect((await service.status()).reachable).toBe(true)
  }, 60_000)
})
