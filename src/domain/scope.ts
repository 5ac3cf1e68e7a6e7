/**
 * Scope labels say where an alert lives (environment, region, cluster,
 * namespace). Two alerts whose scopes disagree cannot be one incident on one
 * call graph, however close in time: staging noise must not join a prod outage.
 */
import type { Source } from './sources.ts'

const SCOPE_LABELS = ['env', 'environment', 'region', 'cluster', 'namespace', 'datacenter']

/** The most common value of each scope label among the sources. */
export function dominantScope(sources: readonly Source[]): Map<string, string> {
  const out = new Map<string, string>()
  for (const key of SCOPE_LABELS) {
    const counts = new Map<string, number>()
    for (const s of sources) {
      const v = s.labels[key]
      if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1)
    }
    let best: string | undefined
    let n = 0
    for (const [v, c] of counts) if (c > n) [best, n] = [v, c]
    if (best !== undefined) out.set(key, best)
  }
  return out
}

/** True when both groups' dominant scopes (see dominantScope) carry a label and its values differ. */
export function scopesConflict(sa: ReadonlyMap<string, string>, sb: ReadonlyMap<string, string>): boolean {
  for (const [k, v] of sa) {
    const w = sb.get(k)
    if (w !== undefined && w !== v) return true
  }
  return false
}

/** A source's scope values in SCOPE_LABELS order ('' where absent: JSON-safe for workers), computed once per source. */
export function scopeOf(labels: Readonly<Record<string, string>>): readonly string[] {
  return SCOPE_LABELS.map((k) => labels[k] ?? '')
}

/** Pairwise form used while linking two sources (a hot loop: compares precomputed scopes). */
export function sourcesConflict(a: Source, b: Source): boolean {
  const sa = a.scope
  const sb = b.scope
  for (let i = 0; i < sa.length; i++) {
    const va = sa[i]
    const vb = sb[i]
    if (va !== '' && vb !== '' && va !== vb) return true
  }
  return false
}
