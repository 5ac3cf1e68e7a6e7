import { describe, expect, it } from 'bun:test'
import { ConfigError, parseConfig } from '../src/config.ts'

describe('parseConfig', () => {
  it('applies the contract defaults to an empty environment', () => {
    expect(parseConfig({})).toMatchObject({ PORT: 8000, HOST: '0.0.0.0', AIOPS_GAP_SEC: 120, AIOPS_MAX_HOP: 2, AIOPS_USE_LLM: true, AIOPS_LLM_MODEL: 'gpt-4o-mini', AIOPS_RCA_METHOD: 'explain' })
  })

  it('converts numbers and booleans from strings', () => {
    expect(parseConfig({ PORT: '9000', AIOPS_GAP_SEC: '90.5', AIOPS_USE_LLM: 'false' })).toMatchObject({ PORT: 9000, AIOPS_GAP_SEC: 90.5, AIOPS_USE_LLM: false })
  })

  it('treats empty strings as unset', () => expect(parseConfig({ AIOPS_MAX_HOP: '' }).AIOPS_MAX_HOP).toBe(2))

  it('names every bad variable at once', () => {
    try {
      parseConfig({ AIOPS_MAX_HOP: 'abc', PORT: '70000', AIOPS_RCA_METHOD: 'magic' })
      throw new Error('expected ConfigError')
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError)
      const msg = (e as ConfigError).message
      for (const v of ['AIOPS_MAX_HOP', 'PORT', 'AIOPS_RCA_METHOD']) expect(msg).toContain(v)
    }
  })

  it('reads AIOPS_EDGE_LABELS as caller:callee or callee pairs, the contract list by default, and names a malformed value', () => {
    expect(parseConfig({}).AIOPS_EDGE_LABELS).toBe('client:server,source_workload:destination_workload,deployment:dst_deployment,peer_service,peer.service')
    expect(parseConfig({ AIOPS_EDGE_LABELS: 'src:dst,upstream' }).AIOPS_EDGE_LABELS).toBe('src:dst,upstream')
    expect(() => parseConfig({ AIOPS_EDGE_LABELS: 'a:b:c' })).toThrow('AIOPS_EDGE_LABELS')
    expect(() => parseConfig({ AIOPS_EDGE_LABELS: 'client:server,' })).toThrow('AIOPS_EDGE_LABELS')
  })
})
