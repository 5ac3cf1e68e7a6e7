/**
 * Plain-text table and number formatting for the eval report: fixed-width columns that
 * read well in a terminal and diff well in CI logs. No colours, no box drawing.
 */

/** Format a number with `digits` decimals; NaN prints as "-". */
export function fmt(x: number, digits = 3): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '-'
}

/** Milliseconds with one decimal; NaN prints as "-". */
export function fmtMs(x: number): string {
  return fmt(x, 1)
}

/**
 * Render rows under headers; the first column is left-aligned, the rest right-aligned
 * (they are numbers).
 * @example formatTable(['k', 'v'], [['a', '1']])
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)))
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => {
        const w = widths[c] ?? cell.length
        return c === 0 ? cell.padEnd(w) : cell.padStart(w)
      })
      .join('  ')
      .trimEnd()
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  return [line(headers), rule, ...rows.map(line)].join('\n')
}
