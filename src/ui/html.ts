/**
 * Escaping for the server-rendered pages. Every string that came from outside
 * (service names, alert labels, metric names, titles, notes, ids) goes through
 * esc() before it reaches the HTML, in text and in attribute values alike, so
 * a `<script>` in a service name is shown as text and never runs.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
// Two regexes: a /g regex keeps lastIndex between test() calls, which would skip matches.
const SPECIAL = /[&<>"']/g
const HAS_SPECIAL = /[&<>"']/

/**
 * Text or attribute value, safe inside a double- or single-quoted attribute and in element content.
 * @example esc('<b a="1">') // '&lt;b a=&quot;1&quot;&gt;'
 */
export function esc(value: string | number): string {
  const s = String(value)
  return HAS_SPECIAL.test(s) ? s.replace(SPECIAL, (c) => ENTITIES[c]!) : s
}

/** A share as a whole percentage: 0.987 → "99 %". */
export function percent(share: number): string {
  return `${Math.round(share * 100)} %`
}

/** The page link of a stored incident id (path-safe, then HTML-escaped by the caller's esc). */
export function incidentHref(id: string): string {
  return `/incidents/${encodeURIComponent(id)}`
}

/** Ids we issue look like "inc-…"; ids from the history file ("INC-2026-0412") have no page. */
export function looksStored(id: string): boolean {
  return id.startsWith('inc-')
}
