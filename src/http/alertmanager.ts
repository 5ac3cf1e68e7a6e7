/**
 * POST /alertmanager: Prometheus Alertmanager's webhook receiver. The payload
 * (version 4) is validated, mapped to contract Alerts by the pure mapper in
 * integrations/alertmanager.ts, and answered by the same report path as
 * POST /incident. Resolved alerts are counted but not analysed; a payload
 * whose alerts are all resolved answers 200 with an empty report (no
 * clusters, root cause "unknown"), because a 4xx would make Alertmanager log
 * a failed notification for an ordinary "all clear".
 */
import { Elysia } from 'elysia'
import { EmptyBatchError } from '../domain/errors.ts'
import { AlertmanagerWebhook, fromAlertmanager } from '../integrations/alertmanager.ts'
import { jsonBody, jsonRequestBody } from './json-body.ts'
import { alertmanagerResponses } from './openapi.ts'
import { checkAlertCount, createReportResponder, type ReportDeps } from './report-response.ts'

export function alertmanagerRoutes(deps: ReportDeps) {
  const { config, metrics } = deps
  const respond = createReportResponder(deps)
  return new Elysia({ name: 'http/alertmanager' })
    .onAfterResponse(({ request, set, path }) => {
      if (request.method === 'POST' && path === '/alertmanager') metrics.alertmanagerRequests.inc({ status: String(set.status ?? 200) })
    })
    .post(
      '/alertmanager',
      ({ body: raw, set }) => {
        const body = raw as AlertmanagerWebhook // validated by the parser (json-body.ts)
        // Limits before work: the count is checked before a single alert is mapped.
        checkAlertCount(body.alerts.length, config)
        if (body.alerts.length === 0) throw new EmptyBatchError()
        const batch = fromAlertmanager(body)
        metrics.alertmanagerAlerts.inc({ status: 'firing' }, batch.firing)
        metrics.alertmanagerAlerts.inc({ status: 'resolved' }, batch.resolved)
        return respond(batch.alerts, {
          received: body.alerts.length,
          allowEmpty: true,
          headers: { 'x-alerts-analysed': String(batch.alerts.length), 'x-alerts-resolved': String(batch.resolved) },
        }, set)
      },
      {
        parse: jsonBody(AlertmanagerWebhook, config.AIOPS_MAX_BODY_BYTES),
        detail: {
          requestBody: jsonRequestBody(AlertmanagerWebhook),
          summary: 'Alertmanager webhook receiver (payload version 4): firing alerts are triaged like POST /incident',
          tags: ['incident'],
          responses: alertmanagerResponses,
        },
      },
    )
}
