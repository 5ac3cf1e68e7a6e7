/**
 * POST /alertmanager: Prometheus Alertmanager's webhook receiver. The payload
 * (version 4) is validated, mapped to contract Alerts by the pure mapper in
 * integrations/alertmanager.ts, and answered by the same answer path as
 * POST /incident (incident/answer.ts). Resolved alerts are counted but not
 * analysed; a payload whose alerts are all resolved answers 200 with an empty
 * report (no clusters, root cause "unknown"), because a 4xx would make
 * Alertmanager log a failed notification for an ordinary "all clear".
 */
import { Elysia } from 'elysia'
import { EmptyBatchError } from '../domain/errors.ts'
import { answerAlerts, checkAlertCount } from '../incident/answer.ts'
import { batchParser } from '../incident/batch-text.ts'
import { AlertmanagerWebhook, fromAlertmanager } from '../integrations/alertmanager.ts'
import { jsonRequestBody } from './incident.ts'
import { incidentKeeper } from './keep-incident.ts'
import { readBoundedText } from './limits.ts'
import { alertmanagerResponses } from './openapi.ts'
import { answerContext, observeChronic, offerToShadow, sendReport, type ReportDeps } from './report-response.ts'

export function alertmanagerRoutes(deps: ReportDeps) {
  const { config, metrics } = deps
  const context = answerContext(deps)
  const parse = batchParser(AlertmanagerWebhook)
  const keep = incidentKeeper(deps.incidents, config, deps.settings)
  return new Elysia({ name: 'http/alertmanager' })
    .onAfterResponse(({ request, set, path }) => {
      if (request.method === 'POST' && path === '/alertmanager') metrics.alertmanagerRequests.inc({ status: String(set.status ?? 200) })
    })
    .post(
      '/alertmanager',
      async ({ request, set }) => {
        const started = performance.now()
        const body = parse(await readBoundedText(request, config.AIOPS_MAX_BODY_BYTES)) as AlertmanagerWebhook
        // Limits before work: the count is checked before a single alert is mapped.
        checkAlertCount(body.alerts.length, config.AIOPS_MAX_ALERTS)
        if (body.alerts.length === 0) throw new EmptyBatchError()
        const batch = fromAlertmanager(body)
        metrics.alertmanagerAlerts.inc({ status: 'firing' }, batch.firing)
        metrics.alertmanagerAlerts.inc({ status: 'resolved' }, batch.resolved)
        const ctx = context()
        const answer = await answerAlerts(batch.alerts, ctx, { received: body.alerts.length, allowEmpty: true })
        observeChronic(deps.chronic, answer, metrics)
        offerToShadow(deps.shadow, answer, () => batch.alerts, batch.alerts.length)
        // One Alertmanager group is one incident across its deliveries (store/grouping.ts).
        const kept = keep(answer, { alerts: batch.alerts, ...(body.groupKey ? { groupKey: body.groupKey } : {}) }, ctx.snapshot)
        return sendReport(kept, set, metrics, started, { 'x-alerts-analysed': String(batch.alerts.length), 'x-alerts-resolved': String(batch.resolved) })
      },
      {
        parse: 'none',
        ...(deps.auth ? { beforeHandle: deps.auth } : {}),
        detail: {
          requestBody: jsonRequestBody(AlertmanagerWebhook),
          summary: 'Alertmanager webhook receiver (payload version 4): firing alerts are triaged like POST /incident',
          tags: ['incident'],
          responses: alertmanagerResponses,
        },
      },
    )
}
