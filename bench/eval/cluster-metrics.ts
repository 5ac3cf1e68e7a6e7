/**
 * Partition agreement measures used to score correlation: the adjusted Rand index
 * (Hubert & Arabie 1985) and pairwise precision / recall / F1. Both are computed from the
 * contingency table of (true group, predicted group) in O(n), not by enumerating the
 * n^2/2 alert pairs, so a 500-alert batch costs nothing.
 */

export interface PairScores {
  /** Adjusted Rand index; 1 = identical partitions, ~0 = chance agreement. */
  ari: number
  /** Of the alert pairs the server put together, the fraction that truly belong together. */
  precision: number
  /** Of the alert pairs that truly belong together, the fraction the server put together. */
  recall: number
  f1: number
  truePairs: number
  predictedPairs: number
  agreeingPairs: number
}

function pairs(n: number): number {
  return (n * (n - 1)) / 2
}

function countBy<K>(keys: Iterable<K>): Map<K, number> {
  const counts = new Map<K, number>()
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1)
  return counts
}

function sumPairs(counts: Map<unknown, number>): number {
  let total = 0
  for (const c of counts.values()) total += pairs(c)
  return total
}

/**
 * Compare two labellings of the same items.
 * `truth` and `predicted` are parallel arrays: item i is in group truth[i] and cluster predicted[i].
 * Degenerate cases follow scikit-learn: two identical trivial partitions (all singletons, or one
 * group) score ARI 1; with no predicted pairs precision is 1 (nothing was wrongly merged), and
 * with no true pairs recall is 1 (nothing could be missed).
 * @example
 * comparePartitions(['a', 'a', 'b'], ['x', 'x', 'y']).ari // 1
 */
export function comparePartitions(truth: readonly string[], predicted: readonly string[]): PairScores {
  if (truth.length !== predicted.length) throw new Error('comparePartitions: arrays differ in length')
  const n = truth.length
  // A NUL joiner cannot occur in either label, so joint keys never collide.
  const joint = countBy(truth.map((t, i) => `${t}\u0000${predicted[i] ?? ''}`))
  const agreeingPairs = sumPairs(joint)
  const truePairs = sumPairs(countBy(truth))
  const predictedPairs = sumPairs(countBy(predicted))
  const all = pairs(n)

  const expected = all === 0 ? 0 : (truePairs * predictedPairs) / all
  const maxIndex = (truePairs + predictedPairs) / 2
  const ari = maxIndex === expected ? 1 : (agreeingPairs - expected) / (maxIndex - expected)

  const precision = predictedPairs === 0 ? 1 : agreeingPairs / predictedPairs
  const recall = truePairs === 0 ? 1 : agreeingPairs / truePairs
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
  return { ari, precision, recall, f1, truePairs, predictedPairs, agreeingPairs }
}
