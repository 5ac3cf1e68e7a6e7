/**
 * Render time of the incident page (renderIncidentPage) for a large incident
 * made by the real pipeline: a fan-in cascade of --services services firing
 * --per-service alerts each (defaults: 200 × 10 = 2,000 alerts), plus the
 * 20-alert sample for scale. Prints the page size and the median and p95 of
 * --runs renders after a warm-up. Pure CPU on one thread, no server.
 *   bun bench/perf/ui-render.ts [--services 200] [--per-service 10] [--runs 50]
 */
import { renderIncidentPage } from '../../src/ui/incident-page.ts'
import type { StoredIncident } from '../../src/store/incident-record.ts'
import { datasetGraph, fanInIncident, reportOf, sampleAlerts, storedIncident } from '../../test/support/incident-fixtures.ts'
import { numberFlag } from '../common/args.ts'

const args = process.argv.slice(2)
const services = numberFlag(args, 'services', 200)
const perService = numberFlag(args, 'per-service', 10)
const runs = numberFlag(args, 'runs', 50)

function measure(name: string, incident: StoredIncident): void {
  let html = ''
  for (let i = 0; i < 5; i++) html = renderIncidentPage(incident)
  const ms: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    html = renderIncidentPage(incident)
    ms.push(performance.now() - t)
  }
  ms.sort((a, b) => a - b)
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(2)
  const kib = (Buffer.byteLength(html) / 1024).toFixed(1)
  console.log(
    `${name.padEnd(28)} alerts ${String(incident.alert_count).padStart(5)}  services ${String(incident.services.length).padStart(4)}  clusters ${incident.report.clusters.length}  page ${kib.padStart(6)} KiB  render median ${at(0.5)} ms  p95 ${at(0.95)} ms  (${runs} runs)`,
  )
}

const { graph, history } = await datasetGraph()
const sample = await sampleAlerts('cascade-20')
measure('cascade-20', storedIncident('inc-cascade-20', sample, await reportOf(sample, graph, history), graph))
const big = fanInIncident({ services, alertsPerService: perService, fanIn: 6 })
measure(`fan-in ${services}×${perService}`, storedIncident('inc-fan-in', big.alerts, await reportOf(big.alerts, big.graph, []), big.graph))
