import { describe, expect, it } from 'bun:test'
import { ConfigError, parseConfig } from '../../src/config.ts'

describe('parseConfig graph lifecycle variables', () => {
  it('defaults to a 300 s reload, no admin token and no maximum graph age', () => {
    const c = parseConfig({})
    expect(c.AIOPS_GRAPH_RELOAD_SEC).toBe(300)
    expect(c.AIOPS_ADMIN_TOKEN).toBeUndefined()
    expect(c.AIOPS_GRAPH_MAX_AGE_SEC).toBeUndefined()
  })

  it('accepts 0 to turn the reload timer off', () => {
    expect(parseConfig({ AIOPS_GRAPH_RELOAD_SEC: '0' }).AIOPS_GRAPH_RELOAD_SEC).toBe(0)
  })

  const bad: Array<[string, Record<string, string>]> = [
    // variable, environment
    ['AIOPS_GRAPH_RELOAD_SEC', { AIOPS_GRAPH_RELOAD_SEC: '-1' }],
    ['AIOPS_GRAPH_RELOAD_SEC', { AIOPS_GRAPH_RELOAD_SEC: 'often' }],
    ['AIOPS_GRAPH_MAX_AGE_SEC', { AIOPS_GRAPH_MAX_AGE_SEC: '0' }],
  ]
  for (const [name, env] of bad) {
    it(`names ${name} when it is ${JSON.stringify(Object.values(env)[0])}`, () => {
      expect(() => parseConfig(env)).toThrow(ConfigError)
      expect(() => parseConfig(env)).toThrow(name)
    })
  }

  it('treats an empty AIOPS_ADMIN_TOKEN as unset, so the admin API stays closed', () => {
    expect(parseConfig({ AIOPS_ADMIN_TOKEN: '  ' }).AIOPS_ADMIN_TOKEN).toBeUndefined()
  })
})
