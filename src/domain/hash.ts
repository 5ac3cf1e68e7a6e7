/**
 * A fast, deterministic 64-bit string hash as 16 hex characters: wyhash with
 * seed 0 (Bun.hash.wyhash). It is a fixed, documented algorithm, so the same
 * ids come out inline, in a worker and across deploys; cluster ids must stay
 * stable. Used once per cluster, for its id.
 */

/** @example hash64('payment|cpu_util') // '9f3c…' (16 hex chars) */
export function hash64(text: string): string {
  return Bun.hash.wyhash(text, 0n).toString(16).padStart(16, '0')
}
