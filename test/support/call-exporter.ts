/**
 * A loopback Prometheus exporter of call counters, for tests and the
 * discovery bench: each series is a counter with labels that grows by its
 * `perScrape` on every scrape, so rate() over two scrapes is above zero. The
 * series set can change while Prometheus scrapes it (an edge appears or
 * stops), as in a real mesh.
 */
export interface CallSeries {
  metric: string
  labels: Record<string, string>
  /** Calls added per scrape (default 1). */
  perScrape?: number
}

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')

export function startCallExporter(initial: CallSeries[] = []) {
  let series = [...initial]
  const totals = new Map<string, number>()
  let scrapes = 0
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch() {
      scrapes++
      const byMetric = new Map<string, string[]>()
      for (const s of series) {
        const labels = Object.entries(s.labels)
          .map(([k, v]) => `${k}="${esc(v)}"`)
          .join(',')
        const id = `${s.metric}{${labels}}`
        const total = (totals.get(id) ?? 0) + (s.perScrape ?? 1)
        totals.set(id, total)
        const lines = byMetric.get(s.metric) ?? []
        lines.push(`${id} ${total}`)
        byMetric.set(s.metric, lines)
      }
      const text = [...byMetric].map(([m, lines]) => `# TYPE ${m} counter\n${lines.join('\n')}\n`).join('')
      return new Response(text, { headers: { 'content-type': 'text/plain; version=0.0.4' } })
    },
  })
  return {
    target: `127.0.0.1:${server.port}`,
    get scrapes() {
      return scrapes
    },
    set(next: CallSeries[]) {
      series = [...next]
    },
    add(...more: CallSeries[]) {
      series.push(...more)
    },
    stop: () => server.stop(true),
  }
}
