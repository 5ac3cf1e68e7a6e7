/**
 * `bun bench/perf/storms.ts`: the pipeline on alert storms shaped to hit worst
 * cases (20 000 alerts on one service, weak blips around one strong source,
 * unknown services), in-process on the embedded graph. Each line prints the
 * total and per-phase milliseconds; every case must stay linear-ish (tens of
 * milliseconds, not seconds). A regression here once took 7 s.
 */
import { loadGraph, loadHistory } from '../../src/graph/load.ts'
import { createSnapshot } from '../../src/graph/store.ts'
import type { Alert } from '../../src/domain/model.ts'
import { triage } from '../../src/incident/triage.ts'

const N = 20_000
const T0 = 1_780_000_000
const g = await loadGraph(undefined)
const h = await loadHistory(undefined)
const snap = createSnapshot({ graph: g.graph, history: h.history, graphOrigin: 'embedded', historyOrigin: 'embedded', historyHash: h.hash, loadedAt: '' })
const services = g.graph.nodes.map((n) => n.name)
const storm = (f: (i: number) => Partial<Alert>): Alert[] =>
  Array.from({ length: N }, (_, i) => ({
    id: `a${i}`,
    ts: T0 + (i % 100),
    service: 'payment',
    metric: 'latency_p99_ms',
    severity: 'info',
    value: 1.01,
    threshold: 1,
    labels: { pod: `p${i}` },
    ...f(i),
  }))
const strongRoot = (service: string): Alert => ({ id: 'root', ts: T0, service, metric: 'cpu_util', severity: 'critical', value: 3, threshold: 1, labels: {} })

const cases: Array<[string, Alert[]]> = [
  ['20k weak blips on one service', storm(() => ({}))],
  ['20k strong sources on one service', storm(() => ({ metric: 'cpu_util', severity: 'critical', value: 3 }))],
  [
    '20k alerts over every service',
    storm((i) => ({ service: services[i % services.length]!, metric: i % 2 ? 'latency_p99_ms' : 'cpu_util', severity: 'warning', value: 1.1 })),
  ],
  ['1 strong + 20k weak on the same service', [strongRoot('payment'), ...storm(() => ({}))]],
  ['1 strong callee + 20k weak callers', [strongRoot('payment-db'), ...storm(() => ({}))]],
  ['20k alerts on 500 unknown services', storm((i) => ({ service: `ghost-${i % 500}`, severity: 'critical', value: 3 }))],
]
for (const [name, alerts] of cases) {
  const t = performance.now()
  const { report, phasesMs } = triage({ alerts, snapshot: snap, options: { gapSec: 120, maxHop: 2, method: 'explain' }, method: 'bench' })
  const phases = Object.entries(phasesMs)
    .map(([k, v]) => `${k} ${v.toFixed(0)}`)
    .join(', ')
  console.log(`${name.padEnd(40)} ${(performance.now() - t).toFixed(0).padStart(5)} ms  (${phases}; ${report.clusters.length} clusters)`)
}
