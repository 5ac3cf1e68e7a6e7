import { describe, expect, it } from 'bun:test'
import { ConfigError, parseConfig } from '../src/config.ts'

describe('parseConfig', () => {
  it('applies the contract defaults to an empty environment', () => {
    expect(parseConfig({})).toMatchObject({
      PORT: 8000,
      HOST: '0.0.0.0',
      AIOPS_GAP_SEC: 120,
      AIOPS_MAX_HOP: 2,
      AIOPS_USE_LLM: true,
      AIOPS_LLM_MODEL: 'gpt-4o-mini',
      AIOPS_RCA_METHOD: 'explain',
      AIOPS_CHRONIC: 'off',
    })
  })

  it('converts numbers and booleans from strings', () => {
    expect(parseConfig({ PORT: '9000', AIOPS_GAP_SEC: '90.5', AIOPS_USE_LLM: 'false' })).toMatchObject({
      PORT: 9000,
      AIOPS_GAP_SEC: 90.5,
      AIOPS_USE_LLM: false,
    })
  })

  it('treats empty strings as unset', () => expect(parseConfig({ AIOPS_MAX_HOP: '' }).AIOPS_MAX_HOP).toBe(2))

  it('names every bad variable at once', () => {
    try {
      parseConfig({ AIOPS_MAX_HOP: 'abc', PORT: '70000', AIOPS_RCA_METHOD: 'magic', AIOPS_CHRONIC: 'yes' })
      throw new Error('expected ConfigError')
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError)
      const msg = (e as ConfigError).message
      for (const v of ['AIOPS_MAX_HOP', 'PORT', 'AIOPS_RCA_METHOD', 'AIOPS_CHRONIC']) expect(msg).toContain(v)
    }
  })

  it('reads AIOPS_EDGE_LABELS as caller:callee or callee pairs, the contract list by default, and names a malformed value', () => {
    expect(parseConfig({}).AIOPS_EDGE_LABELS).toBe('client:server,source_workload:destination_workload,deployment:dst_deployment,peer_service,peer.service')
    expect(parseConfig({ AIOPS_EDGE_LABELS: 'src:dst,upstream' }).AIOPS_EDGE_LABELS).toBe('src:dst,upstream')
    expect(() => parseConfig({ AIOPS_EDGE_LABELS: 'a:b:c' })).toThrow('AIOPS_EDGE_LABELS')
    expect(() => parseConfig({ AIOPS_EDGE_LABELS: 'client:server,' })).toThrow('AIOPS_EDGE_LABELS')
  })
})

describe('parseConfig graph discovery', () => {
  it('defaults to the file source with the documented refresh settings', () => {
    expect(parseConfig({})).toMatchObject({
      AIOPS_GRAPH_SOURCE: 'file',
      AIOPS_GRAPH_PROMQL_PRESET: 'servicegraph',
      AIOPS_GRAPH_PROMQL_LABELS: 'client,server',
      AIOPS_GRAPH_REFRESH_SEC: 300,
      AIOPS_GRAPH_LOOKBACK_SEC: 3600,
      AIOPS_GRAPH_EDGE_RETENTION_SEC: 86400,
      AIOPS_GRAPH_MAX_SHRINK: 0.5,
      AIOPS_GRAPH_KEEP_VERSIONS: 10,
      AIOPS_GRAPH_REFRESH_MODE: 'apply',
    })
  })

  it('names the URL a source needs, with every other problem at once', () => {
    expect(() => parseConfig({ AIOPS_GRAPH_SOURCE: 'prometheus', AIOPS_GRAPH_PROMQL_PRESET: 'consul' })).toThrow(
      /AIOPS_GRAPH_PROMQL_PRESET="consul".*AIOPS_PROMETHEUS_URL: required when AIOPS_GRAPH_SOURCE=prometheus/,
    )
    expect(() => parseConfig({ AIOPS_GRAPH_SOURCE: 'jaeger' })).toThrow('AIOPS_JAEGER_URL: required when AIOPS_GRAPH_SOURCE=jaeger')
    expect(() => parseConfig({ AIOPS_GRAPH_PROMQL_LABELS: 'client' })).toThrow('AIOPS_GRAPH_PROMQL_LABELS')
    expect(() => parseConfig({ AIOPS_GRAPH_MAX_SHRINK: '1.5' })).toThrow('AIOPS_GRAPH_MAX_SHRINK')
  })
})
