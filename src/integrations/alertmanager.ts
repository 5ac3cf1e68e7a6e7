/**
 * Prometheus Alertmanager's webhook payload (version 4) and its mapping to
 * contract Alerts. Pure: no clock, no I/O, so the mapping table in the README
 * is exactly this code. The schema bounds every string and label set the way
 * model.ts bounds an Alert, and lets unknown fields through (Alertmanager adds
 * fields over time; a receiver that rejects them breaks on upgrade).
 * Reference: alertmanager notify/webhook/webhook.go (Message) and
 * template/template.go (Data, Alert).
 */
import { Type, type Static } from '@sinclair/typebox'
import { InvalidFieldError } from '../domain/errors.ts'
import { hash64 } from '../domain/hash.ts'
import { LabelSet, type Alert, type Severity } from '../domain/model.ts'
import { parseTs } from '../domain/time.ts'

// Labels are bounded exactly as an Alert's, so every mapped label set is a valid one.
// Annotations carry prose (summary, description, runbook), so values may be longer.
const AnnotationSet = Type.Record(Type.String({ pattern: '^[\\s\\S]{0,256}$' }), Type.String({ maxLength: 16_384 }), {
  maxProperties: 64,
  additionalProperties: false,
})

export const AlertmanagerAlert = Type.Object({
  status: Type.Union([Type.Literal('firing'), Type.Literal('resolved')]),
  labels: LabelSet,
  annotations: Type.Optional(AnnotationSet),
  startsAt: Type.String({ minLength: 1, maxLength: 64 }),
  endsAt: Type.Optional(Type.String({ maxLength: 64 })),
  generatorURL: Type.Optional(Type.String({ maxLength: 4096 })),
  fingerprint: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
})
export type AlertmanagerAlert = Static<typeof AlertmanagerAlert>

export const AlertmanagerWebhook = Type.Object({
  version: Type.Optional(Type.Literal('4')),
  groupKey: Type.Optional(Type.String({ maxLength: 16_384 })),
  truncatedAlerts: Type.Optional(Type.Integer({ minimum: 0 })),
  status: Type.Optional(Type.Union([Type.Literal('firing'), Type.Literal('resolved')])),
  receiver: Type.Optional(Type.String({ maxLength: 1024 })),
  groupLabels: Type.Optional(LabelSet),
  commonLabels: Type.Optional(LabelSet),
  commonAnnotations: Type.Optional(AnnotationSet),
  externalURL: Type.Optional(Type.String({ maxLength: 4096 })),
  alerts: Type.Array(AlertmanagerAlert),
})
export type AlertmanagerWebhook = Static<typeof AlertmanagerWebhook>

export interface MappedBatch {
  /** Firing alerts as contract Alerts, in payload order, duplicates dropped. */
  alerts: Alert[]
  firing: number
  resolved: number
}

const MAX_NAME = 256
const CRITICAL = new Set(['critical', 'error', 'high'])
const WARNING = new Set(['warning', 'medium'])
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/** critical/error/high → critical, warning/medium → warning, anything else → info (case-insensitive). */
export function normalizeSeverity(raw: string | undefined): Severity {
  const s = (raw ?? '').trim().toLowerCase()
  if (CRITICAL.has(s)) return 'critical'
  if (WARNING.has(s)) return 'warning'
  return 'info'
}

/**
 * The first candidate that is a finite decimal number, else 0
 * ("{{ $value }}" renders as e.g. "0.93"; hex, "NaN" and "1e309" are not taken).
 */
export function firstNumber(...raw: Array<string | undefined>): number {
  for (const r of raw) {
    const s = (r ?? '').trim()
    const n = DECIMAL.test(s) ? Number(s) : NaN
    if (Number.isFinite(n)) return n
  }
  return 0
}

const present = (v: string | undefined): v is string => v !== undefined && v.trim() !== ''

/** First non-blank of the candidates, with the field it came from. */
function pick(candidates: Array<[string, string | undefined]>): [string, string] | undefined {
  for (const [field, v] of candidates) if (present(v)) return [field, v]
  return undefined
}

function bounded(i: number, found: [string, string] | undefined, fallback: string): string {
  if (!found) return fallback
  const [field, v] = found
  if (v.length > MAX_NAME) throw new InvalidFieldError(`alerts.${i}.${field}`, `alerts.${i}.${field} is longer than ${MAX_NAME} characters`)
  return v
}

// Alertmanager always sends a fingerprint; a hand-made payload may not, so
// derive one from the label set, which is what Alertmanager hashes too.
function labelHash(labels: Record<string, string>): string {
  return hash64(
    Object.keys(labels)
      .sort()
      .map((k) => `${k}=${labels[k]}`)
      .join('\u0000'),
  )
}

/**
 * Maps one webhook payload to contract Alerts; resolved alerts are counted, not analysed.
 * @throws InvalidFieldError naming the payload field (e.g. alerts.2.startsAt)
 * @example fromAlertmanager({ alerts: [{ status: 'firing', labels: { alertname: 'HighLatency', service: 'checkout', severity: 'page' }, startsAt: '2026-06-08T03:14:22Z', fingerprint: 'f1' }] })
 * // → { alerts: [{ id: 'f1@2026-06-08T03:14:22Z', ts: '2026-06-08T03:14:22Z', service: 'checkout', metric: 'HighLatency', severity: 'info', value: 0, threshold: 0, labels: {…} }], firing: 1, resolved: 0 }
 */
export function fromAlertmanager(payload: AlertmanagerWebhook): MappedBatch {
  const alerts: Alert[] = []
  const seen = new Set<string>()
  let resolved = 0
  payload.alerts.forEach((a, i) => {
    if (a.status === 'resolved') {
      resolved++
      return
    }
    if (parseTs(a.startsAt) === null) throw new InvalidFieldError(`alerts.${i}.startsAt`, `alerts.${i}.startsAt must be an RFC 3339 time`)
    const labels = a.labels
    const notes = a.annotations ?? {}
    const id = `${a.fingerprint ?? labelHash(labels)}@${a.startsAt}`
    // The same fingerprint and start is the same alert sent twice: keep one.
    if (seen.has(id)) return
    seen.add(id)
    const service = bounded(
      i,
      pick([
        ['labels.service', labels.service],
        ['labels.job', labels.job],
        ['annotations.service', notes.service],
      ]),
      'unknown',
    )
    const metric = bounded(
      i,
      pick([
        ['labels.metric', labels.metric],
        ['labels.alertname', labels.alertname],
      ]),
      'unknown',
    )
    alerts.push({
      id,
      ts: a.startsAt,
      service,
      metric,
      severity: normalizeSeverity(labels.severity),
      value: firstNumber(notes.value, labels.value),
      threshold: firstNumber(notes.threshold, labels.threshold),
      labels: { ...labels },
    })
  })
  return { alerts, firing: payload.alerts.length - resolved, resolved }
}
