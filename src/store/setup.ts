/**
 * The incident service from the configuration (main.ts calls this): the
 * store AIOPS_STORE… names, or none. A file given in AIOPS_STORE_PATH that
 * cannot be opened stops start-up naming it; the default file failing (a
 * read-only home, say) only turns the store off, loudly, because the
 * operator asked for nothing in particular and answers do not need it.
 */
import type { Config } from '../config.ts'
import type { GraphStore } from '../graph/store.ts'
import type { Logger } from '../logger.ts'
import type { Metrics } from '../metrics.ts'
import { createIncidentService, openIncidentStore, type IncidentService } from './incident-service.ts'
import { describeStore, storeSettings } from './settings.ts'

export class StoreSetupError extends Error {}

export function incidentServiceFromConfig(config: Config, deps: { graphs: GraphStore; metrics: Metrics; logger: Logger }): IncidentService | undefined {
  const settings = storeSettings(config)
  let incidents
  try {
    incidents = openIncidentStore(settings)
  } catch (e) {
    const why = (e as Error).message
    if (settings.kind === 'sqlite' && config.AIOPS_STORE_PATH === undefined) {
      deps.logger.error('incident store off: cannot open the default SQLite file; set AIOPS_STORE_PATH to a writable file, or AIOPS_STORE=off', {
        path: settings.path,
        error: why,
      })
      return undefined
    }
    throw new StoreSetupError(
      `cannot open the incident store (${settings.kind === 'sqlite' ? 'AIOPS_STORE_PATH' : 'AIOPS_STORE_URL'}): ${describeStore(settings)}: ${why}`,
    )
  }
  if (!incidents) return undefined
  deps.logger.info('incident store', { store: describeStore(settings), retention_days: config.AIOPS_STORE_RETENTION_DAYS })
  return createIncidentService({
    incidents,
    graphs: deps.graphs,
    metrics: deps.metrics,
    logger: deps.logger,
    retentionDays: config.AIOPS_STORE_RETENTION_DAYS,
    ...(config.AIOPS_PUBLIC_URL ? { publicUrl: config.AIOPS_PUBLIC_URL } : {}),
  })
}
