import { describe, expect, it } from 'bun:test'
import { InvalidFieldError } from '../../src/domain/errors.ts'
import { firstNumber, fromAlertmanager, normalizeSeverity, type AlertmanagerAlert } from '../../src/integrations/alertmanager.ts'

const T0 = '2026-06-08T03:14:22.123456789Z'

function am(labels: Record<string, string>, extra: Partial<AlertmanagerAlert> = {}): AlertmanagerAlert {
  return {
    status: 'firing',
    labels: { alertname: 'HighLatency', ...labels },
    annotations: {},
    startsAt: T0,
    endsAt: '0001-01-01T00:00:00Z',
    fingerprint: 'f00d',
    ...extra,
  }
}
const one = (a: AlertmanagerAlert) => fromAlertmanager({ version: '4', alerts: [a] }).alerts[0]!

describe('fromAlertmanager', () => {
  it('maps a firing alert field by field', () => {
    const a = one(am({ service: 'checkout', severity: 'critical', instance: 'c-0' }, { annotations: { value: '0.93', threshold: '0.5', summary: 'slow' } }))
    expect(a).toEqual({
      id: `f00d@${T0}`,
      ts: T0,
      service: 'checkout',
      metric: 'HighLatency',
      severity: 'critical',
      value: 0.93,
      threshold: 0.5,
      labels: { alertname: 'HighLatency', service: 'checkout', severity: 'critical', instance: 'c-0' },
    })
  })

  const services: Array<[string, AlertmanagerAlert, string]> = [
    // each row: which source wins, the alert, the expected service
    ['labels.service first', am({ service: 'a', job: 'b' }, { annotations: { service: 'c' } }), 'a'],
    ['labels.job when no service label', am({ job: 'b' }, { annotations: { service: 'c' } }), 'b'],
    ['annotations.service last', am({}, { annotations: { service: 'c' } }), 'c'],
    ['blank labels are skipped', am({ service: ' ', job: 'b' }), 'b'],
    ['"unknown" when none is there', am({}), 'unknown'],
  ]
  for (const [name, a, want] of services) it(`takes service from ${name}`, () => expect(one(a).service).toBe(want))

  it('takes metric from labels.metric, else alertname', () => {
    expect(one(am({ metric: 'latency_p99_ms' })).metric).toBe('latency_p99_ms')
    expect(one(am({})).metric).toBe('HighLatency')
  })

  const severities: Array<[string | undefined, string]> = [
    ['critical', 'critical'],
    ['ERROR', 'critical'],
    ['high', 'critical'],
    ['warning', 'warning'],
    ['Medium', 'warning'],
    ['info', 'info'],
    ['page', 'info'],
    ['warn', 'info'],
    [undefined, 'info'],
  ]
  for (const [raw, want] of severities) it(`normalises severity ${raw} to ${want}`, () => expect(normalizeSeverity(raw)).toBe(want as never))

  it('reads value and threshold from annotations, then labels, else 0', () => {
    expect(one(am({ value: '7', threshold: '5' })).value).toBe(7)
    expect(one(am({ value: '7' }, { annotations: { value: '9' } })).value).toBe(9)
    expect(one(am({ value: '7' }, { annotations: { value: 'n/a' } })).value).toBe(7)
    expect(one(am({})).threshold).toBe(0)
  })

  for (const raw of ['NaN', 'Infinity', '1e309', '0x10', '', '1,5', '--1']) {
    it(`reads ${JSON.stringify(raw)} as 0, not a number`, () => expect(firstNumber(raw)).toBe(0))
  }

  it('does not analyse resolved alerts but counts them', () => {
    const r = fromAlertmanager({ alerts: [am({ service: 'a' }), am({ service: 'b' }, { status: 'resolved', fingerprint: 'f2' })] })
    expect(r.alerts.map((a) => a.service)).toEqual(['a'])
    expect(r).toMatchObject({ firing: 1, resolved: 1 })
  })

  it('keeps one copy of the same fingerprint and start, and both of a re-fired alert', () => {
    const again = am({ service: 'a' }, { startsAt: '2026-06-08T04:00:00Z' })
    const r = fromAlertmanager({ alerts: [am({ service: 'a' }), am({ service: 'a' }), again] })
    expect(r.alerts.map((a) => a.id)).toEqual([`f00d@${T0}`, 'f00d@2026-06-08T04:00:00Z'])
  })

  it('derives a stable id from the labels when fingerprint is missing', () => {
    const a = one(am({ service: 'a', pod: 'p' }, { fingerprint: undefined }))
    const b = one(am({ pod: 'p', service: 'a' }, { fingerprint: undefined }))
    expect(a.id).toBe(b.id)
    expect(a.id).toMatch(/^[0-9a-f]{16}@/)
  })

  it('names alerts.N.startsAt when the start is not a time', () => {
    expect(() => fromAlertmanager({ alerts: [am({}), am({}, { startsAt: 'soon' })] })).toThrow(
      new InvalidFieldError('alerts.1.startsAt', 'alerts.1.startsAt must be an RFC 3339 time'),
    )
  })

  it('names the source field when a service would be longer than an Alert allows', () => {
    try {
      fromAlertmanager({ alerts: [am({}, { annotations: { service: 'x'.repeat(300) } })] })
      throw new Error('no throw')
    } catch (e) {
      expect((e as InvalidFieldError).field).toBe('alerts.0.annotations.service')
    }
  })
})
