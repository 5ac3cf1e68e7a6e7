/**
 * Which incident store the configuration asks for, derived in one place:
 * AIOPS_STORE=off turns it off; a Postgres URL means Postgres unless SQLite
 * is asked for by name; otherwise an SQLite file, by default in the user's
 * state directory (XDG), so running the binary never drops a database into
 * whatever directory it was started from.
 */
import { join } from 'node:path'
import type { Config } from '../config.ts'

export type StoreSettings = { kind: 'off' } | { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string }

/** The SQLite file when AIOPS_STORE_PATH is not set. */
export function defaultStorePath(config: Pick<Config, 'XDG_STATE_HOME' | 'HOME'>): string {
  const state = config.XDG_STATE_HOME ?? (config.HOME ? join(config.HOME, '.local', 'state') : undefined)
  return state ? join(state, 'aiops-serve', 'incidents.db') : 'aiops-serve.db'
}

/** @example storeSettings(parseConfig({ AIOPS_STORE: 'off' })) // { kind: 'off' } */
export function storeSettings(config: Config): StoreSettings {
  if (config.AIOPS_STORE === 'off') return { kind: 'off' }
  if (config.AIOPS_STORE_URL && config.AIOPS_STORE !== 'sqlite') return { kind: 'postgres', url: config.AIOPS_STORE_URL }
  return { kind: 'sqlite', path: config.AIOPS_STORE_PATH ?? defaultStorePath(config) }
}

/** The store's settings as safe to log or show: no password. */
export function describeStore(settings: StoreSettings): string {
  if (settings.kind === 'postgres') return `postgres ${settings.url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')}`
  return settings.kind === 'sqlite' ? `sqlite ${settings.path}` : 'off'
}
