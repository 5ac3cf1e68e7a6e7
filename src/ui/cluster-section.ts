/**
 * One cluster of an incident as a page section: the propagation picture,
 * the verdict (root, confidence, ranked candidates with scores, the evidence
 * reasons and paths in words) and the alert timeline. The paths and the
 * candidates table say in text what the picture shows, for readers who
 * cannot see it.
 */
import type { Alert, Cluster } from '../domain/model.ts'
import type { IncidentGraph } from '../store/incident-record.ts'
import { groupByService } from './cluster-alerts.ts'
import { esc, percent } from './html.ts'
import { propagationSvg } from './propagation-svg.ts'
import { propagationView } from './propagation-view.ts'
import { timelineTable } from './timeline.ts'

export interface ClusterSectionInput {
  cluster: Cluster
  index: number
  total: number
  byId: ReadonlyMap<string, Alert>
  graph: IncidentGraph
  /** Services alerting in the incident's other clusters. */
  otherAlerting: ReadonlySet<string>
}

// Rows past which the timeline scrolls inside its own box, so the rest of the page stays within reach
// (any timeline scrolls sideways on a narrow screen).
const LONG_TIMELINE = 40

const LEGEND = `<ul class="legend" aria-label="Legend">
<li><span class="sw root"></span>ROOT: double border, hatched</li>
<li><span class="sw runner"></span>#2, #3: runner-up candidates, dashed</li>
<li><span class="sw res"></span>resource signal (cpu, memory, pools…)</li>
<li><span class="sw sym"></span>symptom (latency, errors)</li>
<li><span class="sw quiet"></span>quiet: no alert, dotted</li>
<li><span class="sw path"></span>propagation path (thick)</li>
<li>arrows: caller → callee; a fault climbs against them</li>
</ul>`

/** @example clusterSection({ cluster, index: 0, total: 1, byId, graph, otherAlerting: new Set() }) */
export function clusterSection(input: ClusterSectionInput): string {
  const { cluster, index, total } = input
  const rc = cluster.root_cause
  const p = `c${index}`
  const groups = groupByService(cluster, input.byId)
  const rowIds = new Map(groups.map((g, i) => [g.service, `${p}-row-${i}`]))
  const picture = propagationView(cluster, groups, input.graph, input.otherAlerting)
  const marks = new Map<string, string>()
  for (const n of picture.nodes)
    if (n.role === 'root') marks.set(n.id, 'ROOT')
    else if (n.role === 'runner-up' && n.rank) marks.set(n.id, `#${n.rank}`)
  const collapsed = picture.nodes.filter((n) => n.members)
  const title = `Cluster ${index + 1}${index === 0 ? ' (primary)' : ''}: root ${rc.service}, ${percent(rc.confidence)} confidence`
  const svg = propagationSvg(picture, {
    idPrefix: p,
    title: `Propagation picture: ${picture.serviceCount} services of cluster ${index + 1}`,
    rowHref: (s) => (rowIds.has(s) ? `#${rowIds.get(s)}` : undefined),
  })
  const candidates = rc.candidates
    .map(
      (c, i) =>
        `<tr${c.service === rc.service ? ' class="marked"' : ''}><td class="num">${i + 1}</td><th scope="row">${esc(c.service)}${marks.has(c.service) ? ` <strong class="mark">${esc(marks.get(c.service)!)}</strong>` : ''}</th><td>${c.score.toFixed(3)}</td></tr>`,
    )
    .join('')
  const reasons = (rc.evidence?.reasons ?? []).map((r) => `<li>${esc(r)}</li>`).join('')
  const paths = (rc.evidence?.paths ?? []).map((path) => `<li><code>${path.map((s) => esc(s)).join(' → ')}</code></li>`).join('')
  const collapsedList = collapsed
    .map(
      (n) =>
        `<details><summary>${esc(n.label)}: ${n.role === 'collapsed-quiet' ? 'quiet services not on a path' : 'alerting services off the propagation paths'}</summary><p>${(n.members ?? []).map((m) => esc(m)).join(', ')}</p></details>`,
    )
    .join('')
  const timeline = timelineTable(groups, { rowId: (s) => rowIds.get(s) ?? '', marks, caption: `Alerts of cluster ${index + 1} by service, in onset order` })
  const heading = `<h2 id="${p}-h">${esc(title)}</h2>`
  const body = `<p>Cluster ${index + 1} of ${total}: ${cluster.alert_count} alerts on ${cluster.services.length} services, ${esc(cluster.start_ts)} to ${esc(cluster.end_ts)} <small>(${esc(cluster.cluster_id)})</small></p>
<h3 id="${p}-pic">Propagation</h3>
<figure aria-labelledby="${p}-cap">
<div class="scroll" tabindex="0" role="region" aria-label="Propagation picture of cluster ${index + 1}">${svg}</div>
<figcaption id="${p}-cap">${picture.nodes.length} boxes for ${picture.serviceCount} services${collapsed.length > 0 ? `, the rest collapsed (${collapsed.map((n) => esc(n.label)).join(', ')})` : ''}. Each box links to its row in the timeline.</figcaption>
${LEGEND}
${collapsedList}
</figure>
<h3>Root cause</h3>
<p class="verdict">Root: <strong>${esc(rc.service)}</strong>, confidence ${percent(rc.confidence)}</p>
${reasons ? `<p>Why:</p><ul class="reasons">${reasons}</ul>` : ''}
${paths ? `<p>Propagation paths (root first, then its callers):</p><ol class="paths">${paths}</ol>` : ''}
<table class="candidates"><caption>Ranked candidates</caption><thead><tr><th scope="col">Rank</th><th scope="col">Service</th><th scope="col">Score</th></tr></thead><tbody>${candidates}</tbody></table>
<h3>Timeline</h3>
<div class="table-scroll${groups.length > LONG_TIMELINE ? ' long' : ''}" tabindex="0" role="region" aria-label="Timeline of cluster ${index + 1}, ${groups.length} services">${timeline}</div>`
  // The primary cluster is the page; the others fold, and a lone service (noise, most often) starts folded.
  if (index === 0) return `<section id="${p}" aria-labelledby="${p}-h" class="cluster">\n${heading}\n${body}\n</section>`
  return `<section id="${p}" aria-labelledby="${p}-h" class="cluster"><details${cluster.services.length > 1 ? ' open' : ''}>\n<summary>${heading}</summary>\n${body}\n</details></section>`
}
