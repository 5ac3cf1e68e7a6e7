/**
 * Recommended actions, most relevant first: what fixed similar past incidents
 * with the same root, then a playbook step for the root's tier and the way it
 * failed, then what fixed other similar incidents. Deduplicated ignoring case.
 */
import { remember } from './bounded-memo.ts'
import type { Incident, SimilarIncident, Tier } from './model.ts'

const MAX_ACTIONS = 8

export interface ActionInput {
  root: string
  tier: Tier | undefined
  /** Metrics the root itself raised (empty for a silent root). */
  rootMetrics: readonly string[]
  similar: readonly SimilarIncident[]
  history: readonly Incident[]
}

const PLAYBOOK: Array<{ test: RegExp; action: (s: string) => string }> = [
  { test: /pool|conn/i, action: (s) => `Check ${s} connection-pool usage; raise the pool limit or find the caller leaking connections` },
  { test: /cpu/i, action: (s) => `Scale out ${s} or raise its CPU limit; look for a traffic spike or hot code path` },
  { test: /mem|oom|restart|crash/i, action: (s) => `Look for a memory leak or crash loop in ${s}; roll back its latest deploy or raise the memory limit` },
  { test: /disk|inode/i, action: (s) => `Free disk space on ${s} (logs, temp files, old data) and extend its volume` },
  { test: /error|5xx|fail/i, action: (s) => `Check the latest deploy or config change of ${s}; roll back if errors began with it` },
  { test: /latenc|duration|timeout/i, action: (s) => `Trace slow requests in ${s} and its dependencies; shed or rate-limit load if needed` },
  { test: /saturation/i, action: (s) => `Add capacity to ${s} (replicas, workers) and check for a traffic surge` },
]

const BY_TIER: Record<Tier, (s: string) => string> = {
  db: (s) => `Check ${s} for slow queries, lock contention and replication lag`,
  cache: (s) => `Check ${s} hit rate, evictions and memory; warm or scale the cache`,
  queue: (s) => `Check consumer lag and backlog on ${s}; scale consumers`,
  service: (s) => `Check ${s} logs and recent changes for the first error`,
  edge: (s) => `Check ${s} ingress, TLS and upstream health; consider failing over traffic`,
}

// History by id, built once per history array (a snapshot's history never changes).
const byIdCache = new WeakMap<readonly Incident[], ReadonlyMap<string, Incident>>()
function historyById(history: readonly Incident[]): ReadonlyMap<string, Incident> {
  let byId = byIdCache.get(history)
  if (!byId) byIdCache.set(history, (byId = new Map(history.map((i) => [i.id, i]))))
  return byId
}

// The same root, failing the same way, with the same similar incidents, gets the
// same actions: remembered per history (bounded: cleared when full), since the
// playbook's regular expressions and the de-duplication ran for every cluster.
const remembered = new WeakMap<readonly Incident[], Map<string, readonly string[]>>()
const MAX_REMEMBERED = 2_000

export function recommendActions(input: ActionInput): string[] {
  let known = remembered.get(input.history)
  if (!known) remembered.set(input.history, (known = new Map()))
  // JSON keeps the parts apart whatever characters senders put in service and metric names.
  const key = JSON.stringify([input.root, input.tier ?? null, input.rootMetrics, input.similar.map((s) => s.id)])
  return [...remember(known, MAX_REMEMBERED, key, () => actionsFor(input))]
}

function actionsFor(input: ActionInput): string[] {
  if (input.root === 'unknown') return ['No root cause could be established: triage the alerting services by hand, starting with the earliest alert']
  const byId = historyById(input.history)
  const fromSimilar = (sameRoot: boolean) =>
    input.similar.flatMap((s) => {
      const inc = byId.get(s.id)
      return inc && (inc.root_cause === input.root) === sameRoot ? inc.actions : []
    })
  const playbook = PLAYBOOK.filter((p) => input.rootMetrics.some((m) => p.test.test(m))).map((p) => p.action(input.root))
  if (input.rootMetrics.length === 0) playbook.push(`${input.root} raised no alert itself: check its health and dependencies directly`)
  if (input.tier) playbook.push(BY_TIER[input.tier](input.root))

  const seen = new Set<string>()
  const out: string[] = []
  for (const a of [...fromSimilar(true), ...playbook, ...fromSimilar(false)]) {
    const key = a.trim().toLowerCase()
    if (key === '' || seen.has(key)) continue
    seen.add(key)
    out.push(a.trim())
    if (out.length === MAX_ACTIONS) break
  }
  return out
}
