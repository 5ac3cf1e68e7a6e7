/**
 * The chronic baseline as the ranking reads it, on either thread: a table of
 * the fingerprints it discounts (keyed by their 64-bit hash, as the answers'
 * alert sources are) and their weight; any other fingerprint counts in full.
 * The main thread and every worker rank with the same table, so an answer
 * does not depend on which thread gave it.
 */
import { hash64 } from '../domain/hash.ts'
import type { ChronicView } from './analyze.ts'

/** hash64(fingerprint) → weight in [0, 1); absent = 1. */
export type ChronicTable = Readonly<Record<string, number>>

/** undefined for an empty table: the ranking then runs exactly as with no baseline. */
export function chronicView(table: ChronicTable | undefined): ChronicView | undefined {
  if (!table) return undefined
  let any = false
  for (const _ in table) {
    any = true
    break
  }
  if (!any) return undefined
  return { weight: (fingerprint) => table[hash64(fingerprint)] ?? 1 }
}
