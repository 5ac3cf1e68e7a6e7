/**
 * Which store the configuration asks for (store/settings.ts, config.ts): the
 * default SQLite file in the user's state directory, a Postgres URL implying
 * Postgres, off by name, a bad combination refused at start naming it, and a
 * password in the URL never echoed; a default file that cannot be created
 * turns the store off, a named one stops start-up.
 */
import { describe, expect, it } from 'bun:test'
import { ConfigError, parseConfig } from '../../src/config.ts'
import { Registry } from 'prom-client'
import { GraphStore } from '../../src/graph/store.ts'
import { createLogger } from '../../src/logger.ts'
import { createMetrics } from '../../src/metrics.ts'
import { describeStore, storeSettings } from '../../src/store/settings.ts'
import { incidentServiceFromConfig, StoreSetupError } from '../../src/store/setup.ts'

const settings = (env: Record<string, string>) => storeSettings(parseConfig(env))

describe('storeSettings', () => {
  it.each([
    [{ XDG_STATE_HOME: '/state' }, { kind: 'sqlite', path: '/state/aiops-serve/incidents.db' }], // XDG first
    [{ HOME: '/home/op' }, { kind: 'sqlite', path: '/home/op/.local/state/aiops-serve/incidents.db' }], // then ~/.local/state
    [{}, { kind: 'sqlite', path: 'aiops-serve.db' }], // neither: the working directory
    [
      { HOME: '/h', AIOPS_STORE_PATH: '/data/i.db' },
      { kind: 'sqlite', path: '/data/i.db' },
    ], // an explicit file wins
    [{ AIOPS_STORE_URL: 'postgres://db/aiops' }, { kind: 'postgres', url: 'postgres://db/aiops' }], // a URL implies postgres
    [
      { AIOPS_STORE_URL: 'postgres://db/aiops', AIOPS_STORE: 'sqlite', HOME: '/h' },
      { kind: 'sqlite', path: '/h/.local/state/aiops-serve/incidents.db' },
    ], // unless sqlite is named
    [{ AIOPS_STORE: 'off', AIOPS_STORE_URL: 'postgres://db/aiops' }, { kind: 'off' }], // off wins
  ])('%p → %p', (env, expected) => {
    expect(settings(env)).toEqual(expected as ReturnType<typeof storeSettings>)
  })

  it('retention defaults to 30 days', () => expect(parseConfig({}).AIOPS_STORE_RETENTION_DAYS).toBe(30))
})

describe('bad store settings stop start-up naming the variable', () => {
  it.each([
    [{ AIOPS_STORE: 'postgres' }, 'AIOPS_STORE_URL'], // postgres needs a URL
    [{ AIOPS_STORE: 'mysql' }, 'AIOPS_STORE'],
    [{ AIOPS_STORE_URL: 'mysql://x' }, 'AIOPS_STORE_URL'],
    [{ AIOPS_STORE_RETENTION_DAYS: '0' }, 'AIOPS_STORE_RETENTION_DAYS'],
    [{ AIOPS_PUBLIC_URL: 'aiops.example.com' }, 'AIOPS_PUBLIC_URL'], // not a URL
  ])('%p names %s', (env, name) => {
    expect(() => parseConfig(env)).toThrow(ConfigError)
    expect(() => parseConfig(env)).toThrow(name)
  })

  it('never echoes a password in the store URL', () => {
    expect(() => parseConfig({ AIOPS_STORE_URL: 'mysql://u:s3cret@db/x' })).toThrow('<redacted>')
    expect(() => parseConfig({ AIOPS_STORE_URL: 'mysql://u:s3cret@db/x' })).not.toThrow('s3cret')
    expect(describeStore({ kind: 'postgres', url: 'postgres://aiops:s3cret@db:5432/aiops' })).toBe('postgres postgres://aiops:***@db:5432/aiops')
  })
})

describe('incidentServiceFromConfig', () => {
  const deps = () => {
    const lines: string[] = []
    return { lines, deps: { graphs: new GraphStore(), metrics: createMetrics(new Registry()), logger: createLogger('info', (l) => lines.push(l)) } }
  }

  it('a default file that cannot be created turns the store off, with an error line', () => {
    const { lines, deps: d } = deps()
    expect(incidentServiceFromConfig(parseConfig({ HOME: '/proc/no-such-home' }), d)).toBeUndefined()
    expect(lines.join('\n')).toContain('incident store off')
  })

  it('a file named in AIOPS_STORE_PATH that cannot be opened stops start-up naming it', () => {
    expect(() => incidentServiceFromConfig(parseConfig({ AIOPS_STORE_PATH: '/proc/no-such-dir/i.db' }), deps().deps)).toThrow(StoreSetupError)
    expect(() => incidentServiceFromConfig(parseConfig({ AIOPS_STORE_PATH: '/proc/no-such-dir/i.db' }), deps().deps)).toThrow('AIOPS_STORE_PATH')
  })

  it('AIOPS_STORE=off is no store', () => expect(incidentServiceFromConfig(parseConfig({ AIOPS_STORE: 'off' }), deps().deps)).toBeUndefined())
})
