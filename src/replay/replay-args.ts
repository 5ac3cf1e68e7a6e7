/**
 * Command line of `aiops-serve replay`. Pure: argv in, options or a usage
 * error out (the CLI exits 2 on one).
 */

export interface ReplayArgs {
  /** Scenario files (JSON lines); empty with --store. */
  files: string[]
  store: boolean
  graph?: string
  history?: string
  gapSec?: number
  maxHop?: number
  method?: 'explain' | 'pagerank'
  json: boolean
}

export const REPLAY_USAGE = `usage: aiops-serve replay FILE.jsonl [FILE.jsonl …] | --store  [--graph F] [--history F] [--gap-sec N] [--max-hop N] [--method explain|pagerank] [--json]
  FILE.jsonl   scenarios, one per line: {"name", "topology", "alerts": [...], "truth": {"primary_root", "incidents", "noise_alert_ids"}}
               (the graph of a topology is FILE's topologies/<topology>.json when present, else --graph or the configured one)
  --store      the incidents operators confirmed or corrected in the configured store (AIOPS_STORE…)
  --graph F    service graph for every batch;  --history F  incident history
  --gap-sec N, --max-hop N, --method M   correlation and ranking settings (default: the configured ones)
  --json       one JSON object on stdout instead of the table`

export class ReplayUsageError extends Error {}

function number(flag: string, v: string, integer: boolean, min: number): number {
  const n = Number(v)
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n)))
    throw new ReplayUsageError(`${flag}: expected ${integer ? 'an integer' : 'a number'} ≥ ${min}, got "${v}"`)
  return n
}

/** @example parseReplayArgs(['batches.jsonl', '--max-hop', '3']) */
export function parseReplayArgs(argv: readonly string[]): ReplayArgs {
  const out: ReplayArgs = { files: [], store: false, json: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1
    const [flag, inline] = eq >= 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined]
    const value = (): string => {
      const v = inline ?? argv[++i]
      if (v === undefined || v === '') throw new ReplayUsageError(`${flag} needs a value`)
      return v
    }
    switch (flag) {
      case '--store':
        out.store = true
        break
      case '--json':
        out.json = true
        break
      case '--graph':
        out.graph = value()
        break
      case '--history':
        out.history = value()
        break
      case '--gap-sec':
        out.gapSec = number(flag, value(), false, 1)
        break
      case '--max-hop':
        out.maxHop = number(flag, value(), true, 1)
        break
      case '--method': {
        const m = value()
        if (m !== 'explain' && m !== 'pagerank') throw new ReplayUsageError(`--method: expected explain or pagerank, got "${m}"`)
        out.method = m
        break
      }
      case '-h':
      case '--help':
        throw new ReplayUsageError('')
      default:
        if (flag.startsWith('-')) throw new ReplayUsageError(`unknown option ${flag}`)
        out.files.push(arg)
    }
  }
  if (out.store === out.files.length > 0) throw new ReplayUsageError(out.store ? 'give scenario files or --store, not both' : 'give scenario files or --store')
  return out
}
