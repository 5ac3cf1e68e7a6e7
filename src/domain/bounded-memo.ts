/**
 * A remembered answer of a pure function, in a Map that is cleared when it
 * reaches `max` entries: the hot path asks about the same few keys all day,
 * and a sender that keeps inventing new ones costs a recomputation, never
 * unbounded memory. Clearing (not LRU eviction) keeps a hit to one Map lookup.
 * @example remember(kinds, 10_000, metric, () => classify(metric))
 */
export function remember<K, V>(memo: Map<K, V>, max: number, key: K, compute: () => V): V {
  let value = memo.get(key)
  if (value === undefined) {
    value = compute()
    if (memo.size >= max) memo.clear()
    memo.set(key, value)
  }
  return value
}
