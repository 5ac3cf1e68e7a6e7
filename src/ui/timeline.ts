/**
 * The alert timeline of one cluster as a table, one row per service in onset
 * order: when it started (clock time and offset from the cluster's first
 * alert), how many alerts, which metrics and their kind, a few of its labels, the worst severity,
 * and a bar showing when it fired within the cluster's window. The bar is a
 * picture of the columns before it, so it is hidden from screen readers.
 */
import type { ServiceAlerts } from './cluster-alerts.ts'
import { esc } from './html.ts'

/** "14:02:10" in UTC, or "–" when unknown. */
export function clockTime(ms: number): string {
  return Number.isNaN(ms) ? '–' : new Date(ms).toISOString().slice(11, 19)
}

/** "+2:30" after the start, "+1:02:30" past an hour. */
export function offset(ms: number, startMs: number): string {
  if (Number.isNaN(ms) || Number.isNaN(startMs)) return ''
  const total = Math.max(0, Math.round((ms - startMs) / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = String(total % 60).padStart(2, '0')
  return h > 0 ? `+${h}:${String(m).padStart(2, '0')}:${s}` : `+${m}:${s}`
}

export interface TimelineOptions {
  /** Row id per service (the picture's boxes link here). */
  rowId: (service: string) => string
  /** Services that are marked in the picture, with their mark (ROOT, #2). */
  marks: ReadonlyMap<string, string>
  caption: string
}

/**
 * @example timelineTable(groups, { rowId: (s) => `row-${s}`, marks: new Map(), caption: 'Alerts' })
 */
export function timelineTable(groups: readonly ServiceAlerts[], opts: TimelineOptions): string {
  const times = groups.flatMap((g) => [g.firstMs, g.lastMs]).filter((t) => !Number.isNaN(t))
  const start = times.length > 0 ? Math.min(...times) : Number.NaN
  const end = times.length > 0 ? Math.max(...times) : Number.NaN
  const span = end - start || 1
  const rows = groups.map((g) => {
    const left = Number.isNaN(g.firstMs) ? 0 : ((g.firstMs - start) / span) * 100
    const width = Number.isNaN(g.lastMs) ? 0 : Math.max(((g.lastMs - g.firstMs) / span) * 100, 0.8)
    const mark = opts.marks.get(g.service)
    const metrics = g.metrics.map((m) => `<span class="metric kind-${m.kind}">${esc(m.metric)} <small>(${m.kind})</small></span>`).join(' ')
    return (
      `<tr id="${esc(opts.rowId(g.service))}"${mark ? ' class="marked"' : ''}>` +
      `<td><time datetime="${Number.isNaN(g.firstMs) ? '' : new Date(g.firstMs).toISOString()}">${clockTime(g.firstMs)}</time> <small>${offset(g.firstMs, start)}</small></td>` +
      `<th scope="row">${esc(g.service)}${mark ? ` <strong class="mark">${esc(mark)}</strong>` : ''}</th>` +
      `<td class="num">${g.count}</td>` +
      `<td>${metrics}</td>` +
      `<td class="labels">${g.labels.map((l) => `<code>${esc(l)}</code>`).join(' ')}${g.moreLabels > 0 ? ` <small>+${g.moreLabels} more</small>` : ''}</td>` +
      `<td><span class="sev sev-${g.worst}">${g.worst}</span></td>` +
      `<td class="span-cell" aria-hidden="true"><span class="bar signal-${g.signal}" style="margin-left:${left.toFixed(1)}%;width:${width.toFixed(1)}%"></span></td>` +
      '</tr>'
    )
  })
  return (
    `<table class="timeline"><caption>${esc(opts.caption)}</caption>` +
    '<thead><tr><th scope="col">Onset (UTC)</th><th scope="col">Service</th><th scope="col">Alerts</th><th scope="col">Signals</th><th scope="col">Labels</th><th scope="col">Worst</th><th scope="col"><span class="visually-hidden">When it fired</span></th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>`
  )
}
