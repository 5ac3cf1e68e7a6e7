/**
 * A small, fast, deterministic string hash (64-bit FNV-1a over UTF-16 code units,
 * as two 32-bit halves). Pure JS so the same ids come out inline, in a worker
 * and across Bun versions; cluster ids must stay stable across deploys.
 */

/** @example hash64('payment|cpu_util') // '9f3c…' (16 hex chars) */
export function hash64(text: string): string {
  let h1 = 0x811c9dc5
  let h2 = 0xcbf29ce4
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 0x01000193)
    h2 = Math.imul(h2 ^ c ^ (h1 >>> 13), 0x01000193)
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0')
}
