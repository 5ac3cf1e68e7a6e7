/**
 * Evaluation CLI: `bun bench/eval/eval.ts [dir] [--url URL] [--method NAME] [--json out.json]`.
 * For each topology in the eval directory it starts the real server (`bun src/main.ts`,
 * LLM off) on a free port, POSTs every scenario to /incident in order, scores the answers
 * against ground truth (score.ts) and prints the plain-text report. Exit codes: 0 done,
 * 1 server failed to start / never became ready, 2 usage or unreadable eval directory.
 */
import { resolve } from 'node:path'
import { getJson, postIncident } from './client.ts'
import { EVAL_USAGE, parseEvalArgs, UsageError, type EvalArgs } from './eval-args.ts'
import { reliability } from './reliability.ts'
import { renderReport, type EvalResults } from './report-text.ts'
import { loadEvalDir, type TopologySet } from './scenario-io.ts'
import { readAnswer, scoreScenario } from './score.ts'
import { startServer, waitReady, type RunningServer } from '../common/server-process.ts'
import { situationSection } from './situation-breakdown.ts'
import { breakdown, byTopology, figures, runRecord, type RunRecord } from './summary.ts'
import { fmt } from './table.ts'

const PROJECT_ROOT = resolve(import.meta.dir, '../..')
const READY_TIMEOUT_MS = 15_000

class StartError extends Error {}

let current: RunningServer | null = null

/** Run every scenario of one topology against `url`, sequentially (latency must not interleave). */
async function runTopology(set: TopologySet, url: string, args: EvalArgs, methods: Record<string, number>): Promise<RunRecord[]> {
  const records: RunRecord[] = []
  for (const scenario of set.scenarios) {
    const call = await postIncident(url, scenario.alerts)
    const answer = call.status === 200 && call.error === null ? readAnswer(call.body) : null
    const method = answer?.rootCause?.method ?? null
    if (method !== null) methods[method] = (methods[method] ?? 0) + 1
    const score = scoreScenario(scenario, answer)
    const record = runRecord(
      scenario,
      set.topology,
      { status: call.status, clientMs: call.clientMs, serverMs: call.serverMs, method, error: call.error },
      score,
    )
    records.push(record)
    if (args.verbose) {
      const inc = score.incidents.map((i) => `${i.root}->${i.predicted ?? '-'}${i.top1 ? '' : i.top3 ? '(3)' : '(x)'}`).join(' ')
      console.log(
        `${scenario.name.padEnd(34)} ${String(call.status).padStart(3)} ${score.top1 ? 'hit ' : score.top3 ? 'top3' : 'miss'}` +
          ` ${(score.predicted ?? '-').padEnd(22)} truth=${scenario.truth.primary_root.padEnd(22)} ARI=${fmt(score.clustering.ari, 2)}` +
          ` ${call.clientMs.toFixed(0).padStart(5)}ms  ${inc}${call.error === null ? '' : `  ERROR ${call.error}`}`,
      )
    }
  }
  return records
}

/** Distinct pipeline_config.rca_method values from the /version answers, for the report header. */
function rcaMethods(versions: Record<string, unknown>): string | null {
  const seen = new Set<string>()
  for (const v of Object.values(versions)) {
    const cfg = (v as { pipeline_config?: { rca_method?: unknown } } | null)?.pipeline_config
    if (typeof cfg?.rca_method === 'string') seen.add(cfg.rca_method)
  }
  return seen.size === 0 ? null : [...seen].join(', ')
}

async function evaluate(args: EvalArgs): Promise<{ results: EvalResults; records: RunRecord[]; versions: Record<string, unknown> }> {
  const sets = await loadEvalDir(args.dir).catch((e: Error) => {
    throw new UsageError(e.message)
  })
  const records: RunRecord[] = []
  const methods: Record<string, number> = {}
  const versions: Record<string, unknown> = {}
  if (args.url !== null && !(await waitReady(args.url, READY_TIMEOUT_MS))) {
    throw new StartError(`${args.url}/readyz did not answer 200 within ${READY_TIMEOUT_MS} ms`)
  }
  for (const set of sets) {
    let url = args.url
    if (url === null) {
      current = await startServer({
        projectRoot: PROJECT_ROOT,
        graphPath: set.graphPath,
        historyPath: set.historyPath,
        method: args.method,
        readyTimeoutMs: READY_TIMEOUT_MS,
      }).catch((e: Error) => {
        throw new StartError(e.message)
      })
      url = current.url
    }
    versions[set.topology] = await getJson(`${url}/version`)
    console.error(`[eval] ${set.topology}: ${set.scenarios.length} scenarios against ${url}`)
    try {
      records.push(...(await runTopology(set, url, args, methods)))
    } finally {
      await current?.stop()
      current = null
    }
  }
  const results: EvalResults = {
    dir: args.dir,
    target: args.url ?? 'spawned `bun src/main.ts` per topology (AIOPS_USE_LLM=false)',
    method: args.method,
    serverMethod: rcaMethods(versions),
    overall: figures(records),
    perTopology: byTopology(records),
    breakdown: breakdown(records),
    reliability: reliability(records),
    answerMethods: methods,
  }
  return { results, records, versions }
}

async function main(argv: string[]): Promise<number> {
  let args: EvalArgs
  try {
    args = parseEvalArgs(argv, PROJECT_ROOT, process.cwd())
  } catch (e) {
    const msg = (e as Error).message
    console.error(msg === '' ? EVAL_USAGE : `${msg}\n${EVAL_USAGE}`)
    return msg === '' ? 0 : 2
  }
  // Ctrl-C must not leave an orphaned server holding a port.
  process.on('SIGINT', () => {
    void (current?.stop() ?? Promise.resolve()).finally(() => process.exit(130))
  })
  try {
    const { results, records, versions } = await evaluate(args)
    console.log(renderReport(results))
    const situations = await situationSection(args.dir, records)
    if (situations !== '') console.log(`\n${situations}`)
    if (args.jsonOut !== null) {
      await Bun.write(args.jsonOut, JSON.stringify({ ...results, server_versions: versions, scenarios: records }, null, 2))
      console.error(`[eval] wrote ${args.jsonOut}`)
    }
    return 0
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`eval: ${e.message}`)
      return 2
    }
    if (e instanceof StartError) {
      console.error(`eval: ${e.message}`)
      return 1
    }
    throw e
  }
}

process.exit(await main(process.argv.slice(2)))
