/**
 * Draws a propagation picture (propagation-view.ts) as inline SVG: boxes in
 * call-graph layers (callers above callees), arrows caller → callee, the
 * edges along the propagation paths thick and dark. Every mark carries its
 * meaning in shape and text as well as colour: the root has a double border,
 * a hatched fill and the word ROOT; runner-ups a dashed border and "#2";
 * quiet services a dotted border and the word "quiet"; each box names its
 * alert count and signal kind. Each box links to the service's timeline row,
 * so the picture is reachable and readable from the keyboard.
 */
import { esc } from './html.ts'
import { layeredLayout } from './layered-layout.ts'
import type { Picture, PictureNode } from './propagation-view.ts'

const NODE_HEIGHT = 44
const MIN_WIDTH = 112
// Long names are cut in the box (the full name is in its tooltip and the tables).
const MAX_LABEL = 26
// Average advance of a 13px sans-serif character, with padding: a close-enough box width without measuring text.
const CHAR_WIDTH = 7.4
const PADDING = 22

const SIGNAL_WORD: Record<PictureNode['signal'], string> = { resource: 'resource', symptom: 'symptom', other: 'other signal', none: '' }

function shortLabel(label: string): string {
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label
}

function secondLine(n: PictureNode): string {
  const parts: string[] = []
  if (n.role === 'root') parts.push('ROOT')
  else if (n.role === 'runner-up' && n.rank) parts.push(`#${n.rank}`)
  if (n.role === 'collapsed-alerting') parts.push(`${n.alerts} alerts`, 'off the paths')
  else if (n.role === 'collapsed-quiet') parts.push('not on a path')
  else if (n.alerts > 0) parts.push(`${n.alerts} alert${n.alerts === 1 ? '' : 's'}`, SIGNAL_WORD[n.signal])
  else parts.push('quiet')
  return parts.filter(Boolean).join(' · ')
}

/** What a screen reader says for a box, and the tooltip. */
export function nodeDescription(n: PictureNode): string {
  const role = n.role === 'root' ? 'root cause' : n.role === 'runner-up' ? `candidate #${n.rank}` : n.role.startsWith('collapsed') ? 'collapsed group' : n.role
  const members = n.members ? `: ${n.members.join(', ')}` : ''
  const score = n.score !== undefined ? `, score ${n.score.toFixed(3)}` : ''
  const onPath = n.onPath ? ', on a propagation path' : ''
  const signal = n.signal !== 'none' ? `, ${SIGNAL_WORD[n.signal]}` : ''
  return `${n.label}: ${role}${score}, ${n.alerts} alerts${signal}${onPath}${members}`
}

// A picture wider than the screen scrolls in its box; this brings the root into view when the page opens
// (without script the box starts at the left and the root is one scroll away).
export const PICTURE_SCRIPT = `(function () {
  var boxes = document.querySelectorAll('.scroll > svg.picture');
  for (var i = 0; i < boxes.length; i++) {
    var box = boxes[i].parentNode;
    var root = boxes[i].querySelector('g.node.root rect.box');
    if (!root || box.scrollWidth <= box.clientWidth) continue;
    var x = parseFloat(root.getAttribute('x')) + parseFloat(root.getAttribute('width')) / 2;
    box.scrollLeft = Math.max(0, x - box.clientWidth / 2);
  }
})();`

export interface SvgOptions {
  /** Prefix for ids inside the page (one picture per cluster). */
  idPrefix: string
  /** Fragment each service box links to (its timeline row), if it has one. */
  rowHref: (service: string) => string | undefined
  title: string
}

/**
 * The picture as an `<svg>` element string.
 * @example propagationSvg(picture, { idPrefix: 'c0', rowHref: () => undefined, title: 'Cluster 1' })
 */
export function propagationSvg(picture: Picture, opts: SvgOptions): string {
  const sized = picture.nodes.map((n) => {
    const chars = Math.max(shortLabel(n.label).length, secondLine(n).length)
    return { n, width: Math.max(MIN_WIDTH, Math.round(chars * CHAR_WIDTH + PADDING)) }
  })
  const layout = layeredLayout(
    sized.map(({ n, width }) => ({
      id: n.id,
      width,
      height: NODE_HEIGHT,
      pin: n.role === 'collapsed-alerting' ? ('first' as const) : n.role === 'collapsed-quiet' ? ('last' as const) : undefined,
    })),
    picture.edges,
  )
  const onPathOf = new Map(picture.edges.map((e) => [`${e.from}\u0000${e.to}`, e.onPath]))
  const p = esc(opts.idPrefix)
  const out: string[] = []
  out.push(
    `<svg class="picture" xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(layout.width)}" height="${Math.ceil(layout.height)}" viewBox="0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}" role="group" aria-labelledby="${p}-svg-title">`,
    `<title id="${p}-svg-title">${esc(opts.title)}</title>`,
    `<defs><marker id="${p}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" class="arrowhead"/></marker>`,
    `<marker id="${p}-arrow-path" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" class="arrowhead-path"/></marker>`,
    `<pattern id="${p}-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" class="hatch-bg"/><line x1="0" y1="0" x2="0" y2="8" class="hatch-line"/></pattern></defs>`,
  )
  // Off-path edges first, so the path edges are drawn over them.
  const edges = [...layout.edges].sort((a, b) => Number(onPathOf.get(`${a.from}\u0000${a.to}`)) - Number(onPathOf.get(`${b.from}\u0000${b.to}`)))
  out.push('<g class="edges">')
  for (const e of edges) {
    const path = onPathOf.get(`${e.from}\u0000${e.to}`) === true
    const d = e.points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`).join('')
    out.push(`<path class="edge${path ? ' on-path' : ''}" d="${d}" marker-end="url(#${p}-arrow${path ? '-path' : ''})"/>`)
  }
  out.push('</g><g class="nodes">')
  for (const { n, width } of sized) {
    const at = layout.nodes.get(n.id)!
    const x = at.x - width / 2
    const y = at.y - NODE_HEIGHT / 2
    const href = n.role.startsWith('collapsed') ? undefined : opts.rowHref(n.id)
    const desc = esc(nodeDescription(n))
    const cls = `node ${n.role} signal-${n.signal}${n.onPath ? ' on-path' : ''}`
    const service = n.role.startsWith('collapsed') ? '' : ` data-service="${esc(n.id)}"`
    out.push(`<g class="${cls}" data-role="${n.role}"${service}${n.members ? ` data-members="${n.members.length}"` : ''}>`)
    // The accessible name starts with the visible text (speech users say what they see), then the details.
    out.push(`<title>${desc}</title>`)
    if (href) out.push(`<a href="${esc(href)}" aria-label="${esc(`${shortLabel(n.label)} ${secondLine(n)}. ${nodeDescription(n)}`)}">`)
    if (n.role.startsWith('collapsed')) out.push(`<rect class="stack" x="${x + 5}" y="${y - 5}" width="${width}" height="${NODE_HEIGHT}" rx="6"/>`)
    out.push(
      `<rect class="box" x="${x}" y="${y}" width="${width}" height="${NODE_HEIGHT}" rx="6"${n.role === 'root' ? ` style="fill:url(#${p}-hatch)"` : ''}/>`,
    )
    if (n.role === 'root') out.push(`<rect class="inner" x="${x + 4}" y="${y + 4}" width="${width - 8}" height="${NODE_HEIGHT - 8}" rx="4"/>`)
    // The trailing space keeps the two lines apart in the link's text (its accessible name must contain it).
    out.push(`<text x="${at.x}" y="${y + 18}" class="name">${esc(shortLabel(n.label))} </text>`)
    out.push(`<text x="${at.x}" y="${y + 34}" class="meta">${esc(secondLine(n))}</text>`)
    if (href) out.push('</a>')
    out.push('</g>')
  }
  out.push('</g></svg>')
  return out.join('')
}
