import { describe, expect, it } from 'bun:test'
import { fingerprint } from '../../src/domain/fingerprint.ts'
import { normalizeAlerts } from '../../src/domain/normalize.ts'
import { alert } from '../support/helpers.ts'

describe('fingerprint', () => {
  it('ignores id, ts and value', () => {
    const [a, b] = normalizeAlerts([alert('db', 'cpu_util', 0, { value: 91 }), alert('db', 'cpu_util', 300, { value: 99 })])
    expect(a!.id).not.toBe(b!.id)
    expect(a!.fingerprint).toBe(b!.fingerprint)
  })

  it('does not depend on label order', () => {
    expect(fingerprint({ service: 's', metric: 'm', labels: { a: '1', b: '2' } })).toBe(fingerprint({ service: 's', metric: 'm', labels: { b: '2', a: '1' } }))
  })

  const differing: Array<[string, Parameters<typeof fingerprint>[0]]> = [
    ['another service', { service: 'api', metric: 'cpu_util', labels: { pod: 'p' } }],
    ['another metric', { service: 'db', metric: 'mem_util', labels: { pod: 'p' } }],
    ['another label value', { service: 'db', metric: 'cpu_util', labels: { pod: 'q' } }],
    ['no labels', { service: 'db', metric: 'cpu_util' }],
  ]
  for (const [name, other] of differing) {
    it(`differs for ${name}`, () => {
      expect(fingerprint(other)).not.toBe(fingerprint({ service: 'db', metric: 'cpu_util', labels: { pod: 'p' } }))
    })
  }
})
