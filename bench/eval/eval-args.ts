/**
 * Command-line parsing for bench/eval/eval.ts. Pure: argv in, options or a usage error out, so
 * the CLI's exit-code rules (2 = usage) live in one place.
 */
import { isAbsolute, resolve } from 'node:path'

export interface EvalArgs {
  dir: string
  url: string | null
  method: string | null
  jsonOut: string | null
  verbose: boolean
}

export const EVAL_USAGE = `usage: bun bench/eval/eval.ts [dir] [--url http://host:port] [--method name] [--json out.json] [--verbose]
  dir        eval directory (*.jsonl + topologies/); default test/support/fixtures/eval-public (the repo's copy of the public set)
  --url      use a running server instead of starting \`bun src/main.ts\` per topology
  --method   pass AIOPS_RCA_METHOD=<name> to the spawned server
  --json     also write every figure (and per-scenario results) to this file
  --verbose  print one line per scenario`

export class UsageError extends Error {}

/**
 * Parse argv (without the `bun bench/eval/eval.ts` prefix).
 * @example parseEvalArgs(['--url', 'http://127.0.0.1:8000'], '/repo', '/repo')
 */
export function parseEvalArgs(argv: readonly string[], projectRoot: string, cwd: string): EvalArgs {
  const out: EvalArgs = { dir: resolve(projectRoot, 'test', 'support', 'fixtures', 'eval-public'), url: null, method: null, jsonOut: null, verbose: false }
  let dirSeen = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    // `bun run eval DIR -- --method x` passes the separator through: skip it.
    if (arg === '--') continue
    // Both `--url X` and `--url=X` are accepted.
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1
    const [flag, inline] = eq >= 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined]
    const value = (): string => {
      const v = inline ?? argv[++i]
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`)
      return v
    }
    switch (flag) {
      case '--url':
        out.url = value().replace(/\/+$/, '')
        if (!/^https?:\/\//.test(out.url)) throw new UsageError(`--url must start with http:// or https://`)
        break
      case '--method':
        out.method = value()
        break
      case '--json':
        out.jsonOut = resolve(cwd, value())
        break
      case '--verbose':
        out.verbose = true
        break
      case '-h':
      case '--help':
        throw new UsageError('')
      default:
        if (flag.startsWith('-')) throw new UsageError(`unknown option ${flag}`)
        if (dirSeen) throw new UsageError(`unexpected argument ${flag}`)
        out.dir = isAbsolute(flag) ? flag : resolve(cwd, flag)
        dirSeen = true
    }
  }
  return out
}
