/** `--name value` flags for the benchmark scripts (eval and gen-scenarios parse their own, richer sets). */

/** The value after `--name` in `args`, or `def`. */
export function flag(args: readonly string[], name: string, def: string): string {
  const i = args.indexOf(`--${name}`)
  return i >= 0 && i + 1 < args.length ? args[i + 1]! : def
}

/** A numeric flag; a value that is not a number stops the script (exit 2) rather than run as NaN. */
export function numberFlag(args: readonly string[], name: string, def: number): number {
  const n = Number(flag(args, name, String(def)))
  if (Number.isFinite(n)) return n
  console.error(`--${name} needs a number`)
  process.exit(2)
}
