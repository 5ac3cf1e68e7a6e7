/**
 * An incident service on a real SQLite file in a temp directory, with the
 * graph store and metrics it needs, for tests of the store's behaviour
 * through the service and its routes.
 */
import { Registry } from 'prom-client'
import { GraphStore } from '../../src/graph/store.ts'
import { silentLogger } from '../../src/logger.ts'
import { createMetrics, type Metrics } from '../../src/metrics.ts'
import { createIncidentService, type IncidentService, type IncidentServiceOptions } from '../../src/store/incident-service.ts'
import type { IncidentStore } from '../../src/store/incident-store.ts'
import { openSqliteStore } from '../../src/store/sqlite-store.ts'
import { shopSnapshot } from './helpers.ts'

export function shopGraphs(): GraphStore {
  return new GraphStore(shopSnapshot())
}

export interface ServiceHarness {
  service: IncidentService
  incidents: IncidentStore
  graphs: GraphStore
  metrics: Metrics
}

export function serviceOn(path: string, over: Partial<IncidentServiceOptions> = {}): ServiceHarness {
  const incidents = over.incidents ?? openSqliteStore(path)
  const graphs = over.graphs ?? shopGraphs()
  const metrics = over.metrics ?? createMetrics(new Registry())
  const service = createIncidentService({ incidents, graphs, metrics, logger: silentLogger, retentionDays: 30, ...over })
  return { service, incidents, graphs, metrics }
}

/** A store whose every operation fails, as a down database does. */
export function downStore(): IncidentStore {
  const fail = async (): Promise<never> => {
    throw new Error('connection refused')
  }
  return {
    kind: 'postgres',
    upsert: fail,
    get: fail,
    list: fail,
    updatedByOthers: fail,
    saveFeedback: fail,
    confirmedSince: fail,
    feedbackSince: fail,
    purge: fail,
    loadState: fail,
    saveState: fail,
    ping: fail,
    close: async () => {},
  }
}
